using System.Buffers;
using System.Text.Json;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;

namespace Tapyard.Core.Store;

/// <summary>
/// The config file's bytes to and from a <see cref="ClusterConfig"/>. Reading refuses, naming the file,
/// anything this build cannot take over whole: a newer schema (checked first, before the body, whose
/// shape may have changed), bad JSON (with line and byte), a body that breaks the model's keys.
/// </summary>
internal static class ConfigDocument
{
    private static readonly byte[] SchemaVersionName = "schemaVersion"u8.ToArray();

    public static byte[] Serialize(ClusterConfig config)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024 + config.Instances.Count * 600);
        ConfigWriter.Write(buffer, config);
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>What the generated serializer writes: the reference <see cref="ConfigWriter"/> must match (tests).</summary>
    public static byte[] SerializeGenerated(ClusterConfig config)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, SkipValidation = true }))
            JsonSerializer.Serialize(writer, config, ConfigJsonContext.Default.ClusterConfig);
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static ClusterConfig Parse(byte[] bytes, string path)
    {
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            throw Refused(path, "is empty");
        ClusterConfig config;
        try
        {
            config = ConfigReader.Read(bytes);
        }
        catch (JsonException e)
        {
            CheckSchemaVersion(bytes, path);   // a newer schema explains a document this build cannot read
            throw Corrupt(path, e);
        }
        catch (ConfigFormatException e)
        {
            CheckSchemaVersion(bytes, path);
            throw Refused(path, $"is invalid at {PositionOf(bytes, e.ByteIndex)} ({e.Message})");
        }
        if (config.SchemaVersion is < 1 or > ClusterConfig.CurrentSchemaVersion)
        {
            CheckSchemaVersion(bytes, path);   // says what is wrong with it
            throw Refused(path, $"has an invalid schemaVersion {config.SchemaVersion}");
        }
        if (config.Serial < 1)
            throw Refused(path, $"has serial {config.Serial}; a stored configuration starts at 1");
        CheckKeys(config.Groups, path, "groups", group => group.Name);
        CheckKeys(config.Nodes, path, "nodes", node => node.Name);
        CheckKeys(config.Networks, path, "networks", network => network.Name);
        CheckKeys(config.Instances, path, "instances", instance => instance.Name);
        return config;
    }

    /// <summary>
    /// Reads the top-level schemaVersion, for the message when the document cannot be taken: a
    /// newer schema, an invalid, missing or repeated one. Scans every top-level property (a second
    /// schemaVersion would win in a reader that takes the last), so it runs only when
    /// <see cref="ConfigReader"/> refused the document or found no usable version.
    /// </summary>
    private static void CheckSchemaVersion(byte[] bytes, string path)
    {
        var reader = new Utf8JsonReader(bytes);
        int? found = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw Refused(path, "is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isVersion = reader.ValueTextEquals(SchemaVersionName);
                long at = reader.TokenStartIndex;
                reader.Read();
                if (!isVersion)
                {
                    reader.Skip();
                    continue;
                }
                if (found is not null)
                    throw Refused(path, $"has schemaVersion twice (again at {PositionOf(bytes, at)}); give it once");
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int version) || version < 1)
                    throw Refused(path, $"has an invalid schemaVersion at {PositionOf(bytes, reader.TokenStartIndex)} (expected a whole number from 1)");
                found = version;
            }
        }
        catch (JsonException e)
        {
            if (found is null)
                throw Corrupt(path, e);
        }
        if (found is null)
            throw Refused(path, "has no schemaVersion");
        if (found > ClusterConfig.CurrentSchemaVersion)
            throw new ConfigStoreException(
                $"config {path} was written by a newer Tapyard (schema {found}; this one reads {ClusterConfig.CurrentSchemaVersion}); upgrade Tapyard");
    }

    private static void CheckKeys<T>(Dictionary<string, T> objects, string path, string what, Func<T, string> nameOf)
    {
        foreach (var (key, value) in objects)
        {
            if (!string.Equals(key, nameOf(value), StringComparison.Ordinal))
                throw Refused(path, $"lists {what} entry '{key}' holding an object named '{nameOf(value)}'");
        }
    }

    /// <summary>"line 12, byte 5", both counted from 1 as editors do.</summary>
    private static string PositionOf(byte[] bytes, long index)
    {
        var before = bytes.AsSpan(0, (int)index);
        int lineStart = before.LastIndexOf((byte)'\n') + 1;
        return $"line {before.Count((byte)'\n') + 1}, byte {index - lineStart + 1}";
    }

    private static ConfigStoreException Corrupt(string path, JsonException e)
    {
        string where = e.LineNumber is long line
            ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}"
            : "";
        return new ConfigStoreException(
            $"config {path} is corrupt{where} ({Reason(e)}); it is left untouched: restore it from a backup or fix it by hand", e);
    }

    private static ConfigStoreException Refused(string path, string problem) =>
        new($"config {path} {problem}; it is left untouched: restore it from a backup or fix it by hand");

    /// <summary>The parser's own words without the "Path: $ | LineNumber: ..." tail the position already says.</summary>
    private static string Reason(JsonException e)
    {
        string message = (e.InnerException as JsonException)?.Message ?? e.InnerException?.Message ?? e.Message;
        int tail = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (tail < 0)
            tail = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        string reason = (tail >= 0 ? message[..tail] : message).Trim().TrimEnd('.');
        return e.Path is { Length: > 1 } jsonPath ? $"{reason} at {jsonPath}" : reason;
    }
}
