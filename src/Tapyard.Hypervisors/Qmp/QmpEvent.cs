using System.Text.Json;

namespace Tapyard.Hypervisors.Qmp;

/// <summary>An asynchronous QMP event (STOP, RESUME, SHUTDOWN, DEVICE_DELETED, MIGRATION...), with its data object (or an empty object).</summary>
public sealed record QmpEvent(string Name, JsonElement Data, DateTimeOffset Timestamp)
{
    /// <summary>A string member of <see cref="Data"/>, or null (e.g. DEVICE_DELETED's "device").</summary>
    public string? DataString(string member) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
