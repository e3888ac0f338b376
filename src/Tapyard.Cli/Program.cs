using System.Text;
using Tapyard.Cli.CommandLine;

// stdout with a 64 KiB buffer (the console's own is 256 bytes): a /16's `network info` or a
// 10,000-line `instance list` goes out in a few writes instead of thousands. AutoFlush keeps
// progress lines (demo, bench) appearing as they are written.
Console.SetOut(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { AutoFlush = true });
using var interruption = Interruption.Listen();
return TapyardApplication.CreateDefault().Run(args, Console.Out, Console.Error, interruption.Token);
