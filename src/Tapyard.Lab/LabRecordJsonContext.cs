using System.Text.Json.Serialization;

namespace Tapyard.Lab;

/// <summary>Source-generated (de)serializer for <see cref="LabRecord"/>: no reflection at run time.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LabRecord))]
internal sealed partial class LabRecordJsonContext : JsonSerializerContext;
