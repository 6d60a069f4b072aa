namespace CoulombGan.Models;

/// <summary>
/// Builds a generator/discriminator pair by name:
/// <list type="bullet">
/// <item><c>"mlp"</c>: toy data, sample shape [D]. D as in paper A.5 (2 hidden layers of 128 ELU units);
/// G is this project's choice (the paper gives none): 3 hidden layers of 128 ELU units, z of size 16.</item>
/// <item><c>"dcgan"</c>: images, sample shape [C, 28|32|64, same]; see <see cref="DcganLayout"/>.
/// z = 32 for 64×64 and 16 for 32×32 (paper); 16 for 28×28 (this project's choice, as for CIFAR-10).</item>
/// </list>
/// Weights are drawn from torch's global generator: call <c>torch.manual_seed</c> before <see cref="Create"/> for
/// reproducible initialisation.
/// </summary>
public static class Architectures
{
    public const string Mlp = "mlp";
    public const string Dcgan = "dcgan";

    public static IReadOnlyList<string> Names { get; } = [Mlp, Dcgan];

    public const int MlpHidden = 128;
    public const int MlpGeneratorLayers = 3;
    public const int MlpDiscriminatorLayers = 2;

    /// <summary>The latent size used when none is given.</summary>
    public static int DefaultLatentSize(string name, long[] sampleShape) => Normalise(name) switch
    {
        Mlp => 16,
        Dcgan => DcganLayout.For(sampleShape).ImageSize == 64 ? 32 : 16,
        _ => throw UnknownName(name),
    };

    public static (GeneratorNetwork g, DiscriminatorNetwork d) Create(string name, long[] sampleShape, int? latentSize = null)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        switch (Normalise(name))
        {
            case Mlp:
                if (sampleShape.Length != 1 || sampleShape[0] < 1 || sampleShape[0] > int.MaxValue)
                    throw new ArgumentException(
                        $"'{Mlp}' supports sample shapes [D] with D >= 1; got [{string.Join(", ", sampleShape)}]", nameof(sampleShape));
                int size = (int)sampleShape[0];
                int zm = latentSize ?? DefaultLatentSize(Mlp, sampleShape);
                return (new MlpGenerator(zm, MlpHidden, MlpGeneratorLayers, size),
                        new MlpDiscriminator(size, MlpHidden, MlpDiscriminatorLayers));
            case Dcgan:
                int zd = latentSize ?? DefaultLatentSize(Dcgan, sampleShape);
                return (new DcganGenerator(zd, sampleShape), new DcganDiscriminator(sampleShape));
            default:
                throw UnknownName(name);
        }
    }

    private static string Normalise(string name) => (name ?? "").Trim().ToLowerInvariant();

    private static ArgumentException UnknownName(string name) =>
        new($"unknown architecture '{name}'; supported: {Mlp} (sample shape [D]), {Dcgan} (sample shape {DcganLayout.SupportedShapesText})",
            nameof(name));
}
