using Tapyard.Cli.CommandLine;

using var interruption = Interruption.Listen();
return TapyardApplication.CreateDefault().Run(args, Console.Out, Console.Error, interruption.Token);
