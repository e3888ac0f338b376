using System.Text.Json.Serialization;

namespace Tapyard.Hypervisors.Qemu;

/// <summary>qemu.json's format (source-generated: no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(QemuProcessRecord))]
internal sealed partial class QemuJsonContext : JsonSerializerContext;
