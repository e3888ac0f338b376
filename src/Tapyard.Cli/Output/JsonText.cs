using System.Collections;
using System.Text;
using System.Text.Json;

namespace Tapyard.Cli.Output;

/// <summary>
/// Writes plain values as indented JSON without reflection: strings, numbers, bools, null,
/// <see cref="JsonObject"/> (ordered keys) and sequences. Anything else is a programming error.
/// </summary>
internal static class JsonText
{
    public static string Serialize(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            Write(writer, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case uint u: writer.WriteNumberValue(u); break;
            case long l: writer.WriteNumberValue(l); break;
            case ushort us: writer.WriteNumberValue(us); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(Math.Round(d, 3)); break;
            case double: writer.WriteNullValue(); break;
            case JsonObject members:
                writer.WriteStartObject();
                foreach (var (key, member) in members)
                {
                    writer.WritePropertyName(key);
                    Write(writer, member);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                    Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"cannot write a {value.GetType().Name} as JSON; convert it to a plain value first");
        }
    }
}
