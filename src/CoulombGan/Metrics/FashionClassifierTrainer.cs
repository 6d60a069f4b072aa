using CoulombGan.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <summary>Settings of <see cref="FashionClassifierTrainer"/>.</summary>
public sealed record ClassifierTrainingOptions
{
    public int Epochs { get; init; } = 5;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 1e-3;
    public long Seed { get; init; } = 0;
}

/// <summary>Progress after each epoch: mean training cross-entropy over the epoch.</summary>
public sealed record ClassifierEpochReport(int Epoch, double TrainingLoss, double Seconds);

/// <summary>
/// Trains a <see cref="FashionClassifier"/> with Adam on cross-entropy, shuffling each epoch. Seeded: the same
/// seed gives the same weights (initial weights, shuffling and dropout all come from it).
/// </summary>
public static class FashionClassifierTrainer
{
    public static FashionClassifier Train(TensorDataset data, ClassifierTrainingOptions options, Action<ClassifierEpochReport>? onEpoch = null)
    {
        if (data.Labels is null) throw new ArgumentException("the classifier needs a labelled dataset", nameof(data));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        torch.manual_seed(options.Seed);
        var model = new FashionClassifier();
        try
        {
            using var optimizer = optim.Adam(model.parameters(), options.LearningRate);
            using var random = new Generator(unchecked((ulong)options.Seed + 1));
            long n = data.Count;
            model.train();
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                using var order = randperm(n, generator: random);
                double lossSum = 0;
                long seen = 0;
                for (long start = 0; start < n; start += options.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    var indices = order.narrow(0, start, Math.Min(options.BatchSize, n - start));
                    var images = data.Samples.index_select(0, indices);
                    var labels = data.Labels.index_select(0, indices);
                    optimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(model.forward(images), labels);
                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>() * indices.shape[0];
                    seen += indices.shape[0];
                }
                onEpoch?.Invoke(new ClassifierEpochReport(epoch, lossSum / seen, clock.Elapsed.TotalSeconds));
            }
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Share of <paramref name="data"/>'s images whose predicted class is their label.</summary>
    public static double Accuracy(FashionClassifier model, TensorDataset data)
    {
        if (data.Labels is null) throw new ArgumentException("accuracy needs a labelled dataset", nameof(data));
        using var predicted = model.PredictClasses(data.Samples);
        using var correct = predicted.eq(data.Labels);
        return correct.to_type(ScalarType.Float64).mean().item<double>();
    }
}
