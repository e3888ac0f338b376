using System.Text.Json;
using System.Text.Json.Serialization;
using Tapyard.Core.Errors;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Store;

/// <summary>A <see cref="BandwidthLimit"/> as its nicparam text ("average[:peak[:burst]]"), as ConfigWriter writes it.</summary>
internal sealed class BandwidthLimitConverter : JsonConverter<BandwidthLimit>
{
    public override BandwidthLimit? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException("a bandwidth limit is a string \"average[:peak[:burst]]\"");
        try
        {
            return BandwidthLimit.Parse(reader.GetString()!, "bandwidth limit");
        }
        catch (TapyardException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, BandwidthLimit value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
