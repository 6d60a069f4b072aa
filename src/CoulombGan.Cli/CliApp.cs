using System.CommandLine;

namespace CoulombGan.Cli;

/// <summary>The coulomb-gan command line.</summary>
public static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("CoulombGAN for .NET: train and use Coulomb GANs (Unterthiner et al., ICLR 2018).");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(FieldCommand.Create());
        root.Subcommands.Add(ParticlesCommand.Create());
        root.Subcommands.Add(TrainClassifierCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(DuplicatesCommand.Create());
        return root;
    }

    public static int Run(string[] args) => Build().Parse(args).Invoke();
}
