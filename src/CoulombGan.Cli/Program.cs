return CoulombGan.Cli.CliApp.Run(args);
