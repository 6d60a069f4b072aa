using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoulombGan.Training;

namespace CoulombGan.Cli;

/// <summary>
/// One command-line option per <see cref="TrainingConfig"/> key (--batch-size, --epsilon, ...), so that any
/// value of a preset or config file can be overridden; applied through the same JSON path as config files.
/// </summary>
internal sealed class ConfigOptions
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["dataset"] = "Dataset: gaussians25, ring8 or fashion-mnist",
        ["data-directory"] = "Directory of the dataset's files (fashion-mnist: the IDX files; default /usr/share/datasets/fashion-mnist)",
        ["training-set-size"] = "Size of the fixed training set drawn for a 2-D mixture (paper: 100000)",
        ["architecture"] = "Networks: mlp (2-D toys) or dcgan (images; depth follows the image size)",
        ["latent-size"] = "Size of the latent code z (paper: 32 for 64x64 images, 16 for 32x32)",
        ["generator-hidden"] = "MLP generator: units per hidden layer",
        ["generator-layers"] = "MLP generator: hidden layers",
        ["discriminator-hidden"] = "MLP discriminator: units per hidden layer (paper A.5: 128)",
        ["discriminator-layers"] = "MLP discriminator: hidden layers (paper A.5: 2)",
        ["discriminator-fourier-features"] = "MLP discriminator: random Fourier features before the first layer (0 = none; beyond the paper)",
        ["discriminator-fourier-scale"] = "Std of the Fourier feature frequencies, in cycles per data unit",
        ["discriminator-fourier-scale-max"] = "When set, the features' frequency stds run geometrically from --discriminator-fourier-scale to this (multi-scale; beyond the paper)",
        ["kernel-dimension"] = "Plummer kernel dimension m; Eq. (5)'s exponent is d = m - 2 (paper and default: 3)",
        ["epsilon"] = "Plummer kernel eps at the first step (paper: 1 for images, 3 for the toy)",
        ["epsilon-final"] = "eps at the last step, reached by exponential decay (paper A.5); omit for a constant eps",
        ["self-interaction"] = "Keep a charge's own k(a,a) in the potential at its location (paper: true)",
        ["gaussian-ball-scale"] = "Fit D at points drawn around the samples with std = this x eps (Eq. 9's p(a)); 0 = at the samples",
        ["fit-previous-generated"] = "Also fit D at the previous step's generated samples",
        ["minibatch-potential-weight"] = "Weight w in G's loss -1/2 mean[(1-w) D(x) + w Phi(x)] of the exact minibatch potential Phi (Eq. 8); 0 = the paper, 1 = no D in G's update (beyond the paper)",
        ["batch-size"] = "Minibatch size for real and for generated samples (paper: 128)",
        ["steps"] = "Training steps (one D and one G update each)",
        ["learning-rate-generator"] = "Adam learning rate of G (paper, images: 1e-4)",
        ["learning-rate-discriminator"] = "Adam learning rate of D (paper, images: 5e-5)",
        ["learning-rate-final-factor"] = "Learning rates at the last step as a fraction of the first, by exponential decay; 1 = constant",
        ["adam-beta1"] = "Adam beta1 (paper's code: 0.9)",
        ["adam-beta2"] = "Adam beta2 (paper's code: 0.999)",
        ["weight-decay"] = "L2 weight decay (paper: 1e-7)",
        ["monitor"] = "Metric measured during training, logged, plotted and watched by the plateau schedule: energy (F of Eq. 33), fd-classifier (Fashion-MNIST), fid (needs --monitor-weights) or off-mode-share (2-D mixtures)",
        ["monitor-weights"] = "Feature network weights for the monitor: the classifier for fd-classifier (default models/fashion-classifier.bin), pt_inception-2015-12-05-6726825d.pth for fid",
        ["monitor-every"] = "Steps between measurements of the monitored metric; 0 = never",
        ["monitor-samples"] = "Generated samples per measurement (and real samples for the energy)",
        ["plateau-patience"] = "Measurements without improvement before the learning rates are multiplied by --plateau-factor; 0 = off (paper, images: x0.1 on a plateau)",
        ["plateau-factor"] = "Learning-rate factor on a plateau (paper: 0.1)",
        ["seed"] = "Random seed (data, latent codes, initial weights)",
        ["threads"] = "CPU threads for libtorch; 0 = libtorch's default",
        ["log-every"] = "Steps between lines of metrics.jsonl",
        ["checkpoint-every"] = "Steps between checkpoints (also written at the end and on Ctrl-C)",
        ["picture-every"] = "Steps between pictures (also drawn at the end)",
        ["evaluation-samples"] = "Generator samples scored at the end of a 2-D run",
    };

    private readonly List<(string Key, Option Option, Type Type)> _options = new();

    public ConfigOptions()
    {
        foreach (var property in typeof(TrainingConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite) continue;
            var key = JsonNamingPolicy.KebabCaseLower.ConvertName(property.Name);
            if (key == "preset") continue;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Option option = type == typeof(bool) ? new Option<bool?>("--" + key) : new Option<string>("--" + key);
            option.Description = Descriptions.TryGetValue(key, out var d) ? d : throw new InvalidOperationException($"no description for --{key}");
            option.HelpName = type == typeof(bool) ? "true|false" : type == typeof(string) ? "text" : "number";
            _options.Add((key, option, type));
        }
    }

    public IEnumerable<Option> All => _options.Select(o => o.Option);

    /// <summary>Applies the options that were given to <paramref name="config"/>.</summary>
    public TrainingConfig Apply(TrainingConfig config, ParseResult parse)
    {
        var node = JsonNode.Parse(config.ToJson())!.AsObject();
        foreach (var (key, option, type) in _options)
        {
            if (parse.GetResult(option) is not { Implicit: false }) continue;
            if (type == typeof(bool))
            {
                node[key] = parse.GetValue((Option<bool?>)option) ?? true;
                continue;
            }
            var text = parse.GetValue((Option<string>)option)!;
            node[key] = type == typeof(string) ? JsonValue.Create(text) : ParseNumber(key, text, type);
        }
        return TrainingConfig.FromJson(node.ToJsonString(), "command line");
    }

    private static JsonNode ParseNumber(string key, string text, Type type)
    {
        var style = System.Globalization.NumberStyles.Float;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (type == typeof(int) && int.TryParse(text, culture, out var i)) return JsonValue.Create(i);
        if (type == typeof(long) && long.TryParse(text, culture, out var l)) return JsonValue.Create(l);
        if (type == typeof(long) && double.TryParse(text, style, culture, out var dl) && dl == Math.Floor(dl) && Math.Abs(dl) < 1e18) return JsonValue.Create((long)dl);
        if (type == typeof(double) && double.TryParse(text, style, culture, out var d) && double.IsFinite(d)) return JsonValue.Create(d);
        throw new ConfigurationException($"--{key} {text}: expected {(type == typeof(double) ? "a number" : "a whole number")}");
    }
}
