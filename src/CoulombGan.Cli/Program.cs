using System.CommandLine;
using CoulombGan.Cli;

var root = new RootCommand("CoulombGAN for .NET: train and use Coulomb GANs (Unterthiner et al., ICLR 2018).");
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(SampleCommand.Create());
root.Subcommands.Add(FieldCommand.Create());
return root.Parse(args).Invoke();
