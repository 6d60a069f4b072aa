using System.CommandLine;
using CoulombGan.Metrics;
using CoulombGan.Training;

namespace CoulombGan.Cli;

/// <summary>--features, --classifier and --inception-weights, shared by stats and eval.</summary>
internal sealed class FeatureOptions
{
    public const string Classifier = "classifier";
    public const string Inception = "inception";

    public Option<string> Features { get; } = new("--features")
    {
        Description = "Feature space: classifier (the Fashion-MNIST classifier's 128-d penultimate layer) or inception (FID's 2048-d pool_3)",
        DefaultValueFactory = _ => Classifier,
    };

    public Option<string> ClassifierPath { get; } = new("--classifier")
    {
        Description = "Classifier weights written by train-classifier",
        DefaultValueFactory = _ => TrainClassifierCommand.DefaultPath,
    };

    public Option<string?> InceptionWeights { get; } = new("--inception-weights")
    {
        Description = "pt_inception-2015-12-05-6726825d.pth (see docs/fid.md); needed with --features inception",
    };

    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Images per forward pass of the feature network", DefaultValueFactory = _ => 200 };

    public FeatureOptions() => Features.AcceptOnlyFromAmong(Classifier, Inception);

    public IEnumerable<Option> All => [Features, ClassifierPath, InceptionWeights, BatchSize];

    public int GetBatchSize(ParseResult parse)
    {
        int batch = parse.GetValue(BatchSize);
        if (batch < 1) throw new ConfigurationException($"--batch-size {batch}: must be at least 1");
        return batch;
    }

    /// <summary>The chosen extractor; a missing weights file is a one-line error.</summary>
    public IFeatureExtractor Create(ParseResult parse)
    {
        if (parse.GetValue(Features) == Inception)
        {
            var weights = parse.GetValue(InceptionWeights)
                ?? throw new ConfigurationException("--features inception needs --inception-weights FILE (pt_inception-2015-12-05-6726825d.pth, see docs/fid.md)");
            return new InceptionFeatureExtractor(FidInceptionV3.Load(weights));
        }
        return FashionClassifier.Load(parse.GetValue(ClassifierPath)!);
    }
}
