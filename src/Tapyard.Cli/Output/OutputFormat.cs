namespace Tapyard.Cli.Output;

/// <summary>How a command prints its data: a table for people or JSON for programs (`--output json`).</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
