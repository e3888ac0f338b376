using System.Text.Json;

namespace Tapyard.Hypervisors.Qemu.Migration;

/// <summary>
/// QMP query-migrate's answer, the parts Tapyard uses. Status is QEMU's MigrationStatus ("setup",
/// "active", "device", "completed", "failed", "cancelled", ...); times are milliseconds.
/// </summary>
public sealed record MigrationStatus(string Status, long? TotalTimeMs, long? DowntimeMs, long RamTransferred, string? ErrorDescription,
    IReadOnlyList<int> ListeningPorts)
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public bool IsFinished => Status is Completed or Failed or Cancelled;

    public static MigrationStatus Parse(JsonElement answer)
    {
        string status = answer.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "none";
        long ram = answer.TryGetProperty("ram", out var r) && r.TryGetProperty("transferred", out var t) && t.TryGetInt64(out long bytes) ? bytes : 0;
        var ports = new List<int>();
        if (answer.TryGetProperty("socket-address", out var addresses) && addresses.ValueKind == JsonValueKind.Array)
            foreach (var address in addresses.EnumerateArray())
                if (address.TryGetProperty("port", out var port) && int.TryParse(port.ValueKind == JsonValueKind.String ? port.GetString() : port.ToString(), out int p))
                    ports.Add(p);
        return new MigrationStatus(status, Number(answer, "total-time"), Number(answer, "downtime"), ram,
            answer.TryGetProperty("error-desc", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null, ports);
    }

    private static long? Number(JsonElement answer, string member) =>
        answer.TryGetProperty(member, out var value) && value.TryGetInt64(out long number) ? number : null;
}
