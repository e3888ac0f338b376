using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Tapyard.Core.Store;

/// <summary>
/// A name-keyed map of the config (groups, nodes, networks, instances): written sorted by name so the
/// file is the same for the same config and diffs stay small; read back with ordinal keys, refusing a
/// name that appears twice (the default reader would silently keep the last one).
/// </summary>
internal sealed class NameKeyedDictionaryConverter<TValue> : JsonConverter<Dictionary<string, TValue>>
{
    public override Dictionary<string, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"expected an object of {typeof(TValue).Name.ToLowerInvariant()}s keyed by name");
        var valueInfo = (JsonTypeInfo<TValue>)options.GetTypeInfo(typeof(TValue));
        var result = new Dictionary<string, TValue>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            reader.Read();
            TValue value = JsonSerializer.Deserialize(ref reader, valueInfo)
                ?? throw new JsonException($"{typeof(TValue).Name.ToLowerInvariant()} '{name}' is null");
            if (!result.TryAdd(name, value))
                throw new JsonException($"{typeof(TValue).Name.ToLowerInvariant()} '{name}' appears twice");
        }
        return result;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, TValue> value, JsonSerializerOptions options)
    {
        var valueInfo = (JsonTypeInfo<TValue>)options.GetTypeInfo(typeof(TValue));
        var names = value.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        writer.WriteStartObject();
        foreach (string name in names)
        {
            writer.WritePropertyName(name);
            JsonSerializer.Serialize(writer, value[name], valueInfo);
        }
        writer.WriteEndObject();
    }
}
