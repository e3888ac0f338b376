namespace Tapyard.Cli.CommandLine;

/// <summary>The command line itself is wrong (unknown option, missing value, bad number): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
