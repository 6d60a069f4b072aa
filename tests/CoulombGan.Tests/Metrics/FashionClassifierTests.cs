using CoulombGan.Data;
using CoulombGan.Metrics;
using TorchSharp;
using static CoulombGan.Tests.Training.TrainingFixtures;
using static TorchSharp.torch;

namespace CoulombGan.Tests.Metrics;

public sealed class FashionClassifierTests
{
    private static TensorDataset Subset(TensorDataset data, int count)
    {
        using var samples = data.Samples.narrow(0, 0, count);
        using var labels = data.Labels!.narrow(0, 0, count);
        return new TensorDataset(samples.clone(), labels.clone());
    }

    [Fact]
    public void One_epoch_on_2000_images_classifies_well_above_chance()
    {
        using var trainAll = FashionMnist.Load("train");
        using var testAll = FashionMnist.Load("test");
        using var train = Subset(trainAll, 2_000);
        using var test = Subset(testAll, 1_000);
        using var model = FashionClassifierTrainer.Train(train, new ClassifierTrainingOptions { Epochs = 1, Seed = 3 });

        double accuracy = FashionClassifierTrainer.Accuracy(model, test);
        using var predicted = model.PredictClasses(test.Samples);
        double counted = Enumerable.Range(0, 1_000).Count(i => predicted[i].item<long>() == test.Labels![i].item<long>()) / 1_000.0;

        Assert.True(accuracy >= 0.6, $"accuracy {accuracy:P1}; chance is 10%");
        Assert.Equal(counted, accuracy, 12);
    }

    [Fact]
    public void Features_are_128_wide_and_do_not_depend_on_the_batch_size()
    {
        torch.manual_seed(7);
        using var model = new FashionClassifier();
        using var images = torch.rand([25, 1, 28, 28], generator: new torch.Generator(1)).mul_(2).sub_(1);
        using var whole = model.Extract(images, 25);
        using var pieces = model.Extract(images, 4);
        Assert.Equal(new long[] { 25, FashionClassifier.Features }, whole.shape);
        Assert.Equal(ScalarType.Float32, whole.dtype);
        Assert.True(whole.allclose(pieces, rtol: 1e-5, atol: 1e-6));
        Assert.True(whole.ge(0).all().item<bool>(), "penultimate ReLU features are non-negative");
    }

    [Fact]
    public void Class_prediction_is_the_argmax_of_the_logits_of_the_features()
    {
        torch.manual_seed(8);
        using var model = new FashionClassifier();
        model.eval();
        using var images = torch.rand([10, 1, 28, 28], generator: new torch.Generator(2)).mul_(2).sub_(1);
        using var predicted = model.PredictClasses(images, batchSize: 3);
        using var noGrad = torch.no_grad();
        using var logits = model.forward(images);
        var expected = Enumerable.Range(0, 10).Select(i => Enumerable.Range(0, 10).MaxBy(c => logits[i, c].item<float>())).Select(c => (long)c);
        Assert.Equal(expected, predicted.data<long>().ToArray());
    }

    [Fact]
    public void Saved_weights_load_to_identical_features()
    {
        torch.manual_seed(9);
        using var model = new FashionClassifier();
        var path = Path.Combine(TemporaryDirectory(), "models", "classifier.bin");
        model.Save(path);
        using var loaded = FashionClassifier.Load(path);
        using var images = torch.rand([6, 1, 28, 28], generator: new torch.Generator(3));
        using var a = model.Extract(images, 6);
        using var b = loaded.Extract(images, 6);
        Assert.True(a.equal(b).all().item<bool>());
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void Missing_or_foreign_weights_files_are_one_line_errors()
    {
        var directory = TemporaryDirectory();
        var missing = Path.Combine(directory, "none.bin");
        var e = Assert.Throws<DataFormatException>(() => FashionClassifier.Load(missing));
        Assert.StartsWith($"{missing}: classifier weights not found", e.Message);
        var foreign = Path.Combine(directory, "foreign.bin");
        File.WriteAllText(foreign, "hello");
        e = Assert.Throws<DataFormatException>(() => FashionClassifier.Load(foreign));
        Assert.StartsWith($"{foreign}: unreadable classifier weights", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
