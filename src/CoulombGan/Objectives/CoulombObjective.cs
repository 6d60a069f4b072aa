using CoulombGan.Models;
using CoulombGan.Potential;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Objectives;

/// <summary>Options of the Coulomb GAN objective beyond the kernel.</summary>
/// <param name="IncludeSelfInteraction">Keep a charge's own k(a, a) in the potential at its location (paper, authors' code).</param>
/// <param name="GaussianBallScale">
/// Evaluate D at points drawn from Gaussian balls around the batch's samples (the p(a) of Eq. 9)
/// with standard deviation GaussianBallScale x eps; 0 evaluates at the samples themselves, as the
/// authors' code does. Eq. 9 writes the balls' covariance as eps I.
/// </param>
/// <param name="FitPreviousGenerated">Also fit D at the previous step's generated samples (authors' code option).</param>
/// <param name="MinibatchPotentialWeight">
/// Weight w of the exact minibatch potential of Eq. (8) in the generator's loss (beyond the paper):
/// L_G = -1/2 E_z [(1 - w) D(G(z)) + w Phi(G(z))]. 0 is the paper's Eq. (10); 1 moves G along the exact minibatch
/// field alone, a reference for what D adds.
/// </param>
public sealed record CoulombOptions(bool IncludeSelfInteraction = true, double GaussianBallScale = 0, bool FitPreviousGenerated = false, double MinibatchPotentialWeight = 0);

/// <summary>
/// The Coulomb GAN objective: D regresses the minibatch potential, L_D = 1/2 E_p(a) (D(a) - Phi(a))^2
/// (Eq. 9); G moves its samples up the learned potential, L_G = -1/2 E_z D(G(z)) (Eq. 10).
/// </summary>
public sealed class CoulombObjective : IAdversarialObjective, IDisposable
{
    private Tensor? _previousGenerated;

    public CoulombObjective(PlummerKernel kernel, CoulombOptions? options = null)
    {
        Kernel = kernel;
        Options = options ?? new CoulombOptions();
        if (!(Options.GaussianBallScale >= 0)) throw new ArgumentOutOfRangeException(nameof(options), Options.GaussianBallScale, "the Gaussian-ball scale must be 0 or positive");
        if (!(Options.MinibatchPotentialWeight is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(options), Options.MinibatchPotentialWeight, "the minibatch-potential weight must be in [0, 1]");
    }

    public string Name => "coulomb";

    /// <summary>The current kernel; schedules (e.g. a decaying eps) replace it between steps.</summary>
    public PlummerKernel Kernel { get; set; }

    public CoulombOptions Options { get; }

    public ObjectiveTerms DiscriminatorLoss(DiscriminatorNetwork discriminator, Tensor real, Tensor generated, Generator random)
    {
        Tensor points, targets;
        double meanAtReal, meanAtGenerated;
        using (torch.no_grad())
        {
            using var potential = new BatchPotential(Kernel, real, generated, Options.IncludeSelfInteraction);
            if (Options.GaussianBallScale > 0)
            {
                points = torch.cat(new[] { real, generated }, 0);
                points = points + torch.randn(points.shape, generator: random) * (Options.GaussianBallScale * Kernel.Epsilon);
                targets = potential.At(points);
                var (atReal, atGenerated) = (targets.narrow(0, 0, real.shape[0]), targets.narrow(0, real.shape[0], generated.shape[0]));
                (meanAtReal, meanAtGenerated) = (atReal.mean().item<float>(), atGenerated.mean().item<float>());
            }
            else
            {
                var (atReal, atGenerated) = potential.AtCharges();
                points = torch.cat(new[] { real, generated }, 0);
                targets = torch.cat(new[] { atReal, atGenerated }, 0);
                (meanAtReal, meanAtGenerated) = (atReal.mean().item<float>(), atGenerated.mean().item<float>());
            }
            if (Options.FitPreviousGenerated && _previousGenerated is not null && _previousGenerated.shape[1..].SequenceEqual(generated.shape[1..]))
            {
                points = torch.cat(new[] { points, _previousGenerated }, 0);
                targets = torch.cat(new[] { targets, potential.At(_previousGenerated) }, 0);
            }
        }
        if (Options.FitPreviousGenerated)
        {
            _previousGenerated?.Dispose();
            _previousGenerated = generated.detach().clone().DetachFromDisposeScope();
        }
        // Eq. (9): L_D = 1/2 E_p(a) (D(a) - Phi(a))^2.
        var loss = 0.5 * (discriminator.call(points) - targets).pow(2).mean();
        var diagnostics = new Dictionary<string, double>
        {
            ["potential_real"] = meanAtReal,
            ["potential_generated"] = meanAtGenerated,
        };
        return new ObjectiveTerms(loss, diagnostics);
    }

    // Eq. (10): L_G = -1/2 E_z D(G(z)); with a minibatch-potential weight w, D is mixed with the exact Phi of Eq. (8).
    public Tensor GeneratorLoss(DiscriminatorNetwork discriminator, Tensor real, Tensor generated)
    {
        double w = Options.MinibatchPotentialWeight;
        if (w == 0) return -0.5 * discriminator.call(generated).mean();
        using var scope = NewDisposeScope();
        using var potential = new BatchPotential(Kernel, real, generated, Options.IncludeSelfInteraction);
        var exact = -0.5 * potential.At(generated).mean();
        var loss = w == 1 ? exact : (1 - w) * (-0.5 * discriminator.call(generated).mean()) + w * exact;
        return loss.MoveToOuterDisposeScope();
    }

    public void Dispose() => _previousGenerated?.Dispose();
}
