using System.Text.Json.Serialization;

namespace Tapyard.Node;

/// <summary>The records' JSON format (source-generated: no reflection at run time).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NicRecord))]
internal sealed partial class NicRecordJsonContext : JsonSerializerContext;
