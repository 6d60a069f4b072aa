using CoulombGan.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Objectives;

/// <summary>A loss with diagnostics (plain numbers worth logging).</summary>
public sealed record ObjectiveTerms(Tensor Loss, IReadOnlyDictionary<string, double> Diagnostics);

/// <summary>The two losses of a GAN objective: one for the discriminator, one for the generator.</summary>
public interface IAdversarialObjective
{
    string Name { get; }

    /// <summary>The discriminator's loss on one minibatch. <paramref name="generated"/> is detached.</summary>
    ObjectiveTerms DiscriminatorLoss(DiscriminatorNetwork discriminator, Tensor real, Tensor generated, Generator random);

    /// <summary>The generator's loss; gradients flow through <paramref name="generated"/> (not through <paramref name="real"/>).</summary>
    Tensor GeneratorLoss(DiscriminatorNetwork discriminator, Tensor real, Tensor generated);
}
