namespace Tapyard.Cli.Output;

/// <summary>An ordered set of JSON members: keys come out in the order they were added, so output is stable.</summary>
internal sealed class JsonObject : List<KeyValuePair<string, object?>>
{
    public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));
}
