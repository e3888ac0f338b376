using System.Diagnostics;
using System.Text.Json.Nodes;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Hypervisors.Qemu.Migration;
using Tapyard.Hypervisors.Qmp;
using Tapyard.Lab.Guest;

namespace Tapyard.Bench.Migrate;

/// <summary>
/// The reference: a guest moved between lab nodes by hand with plain QEMU, QMP and ip, no Tapyard:
/// macvtap and `-incoming defer` QEMU on the target, migrate-set-capabilities (events) and the same
/// max-bandwidth Tapyard sets, migrate-incoming, migrate, poll query-migrate every 20 ms, wait for
/// RESUME on the target (it was started without -S, so it runs as soon as the state is in), then
/// `ip link set DEV up` there, quit the source and `ip link del` its macvtap.
/// </summary>
internal sealed class HandMigration(GuestImage image, QemuAccelerator accelerator, string mac, string append, string directory)
{
    private const int Port = 4444;
    private int _generation;

    public HandQemu? Current { get; private set; }

    public void Boot(string nodeNamespace)
    {
        Current = HandQemu.Start(nodeNamespace, NextDirectory(), image, accelerator, mac, append, incoming: false);
        using var console = GuestConsole.Connect(Current.ConsoleSocket, Current.ConsoleLog, TimeSpan.FromSeconds(30));
        console.WaitForReady(TimeSpan.FromSeconds(180));
    }

    /// <summary>Moves the guest to <paramref name="targetNamespace"/>, listening on <paramref name="targetAddress"/>; returns (total, downtime) in ms.</summary>
    public (double TotalMs, double DowntimeMs) MoveTo(string targetNamespace, string targetAddress)
    {
        var source = Current ?? throw new InvalidOperationException("boot first");
        var target = HandQemu.Start(targetNamespace, NextDirectory(), image, accelerator, mac, append, incoming: true);
        try
        {
            using var sourceQmp = source.ConnectQmp();
            using var targetQmp = target.ConnectQmp();
            var events = new JsonObject { ["capabilities"] = new JsonArray(new JsonObject { ["capability"] = "events", ["state"] = true }) };
            targetQmp.Execute("migrate-set-capabilities", events);
            sourceQmp.Execute("migrate-set-capabilities", events.DeepClone().AsObject());
            sourceQmp.Execute("migrate-set-parameters", new JsonObject { ["max-bandwidth"] = QemuMigrator.MaxBandwidthBytesPerSecond });
            string uri = $"tcp:{targetAddress}:{Port}";
            targetQmp.Execute("migrate-incoming", new JsonObject { ["uri"] = uri });
            sourceQmp.Execute("migrate", new JsonObject { ["uri"] = uri });
            var clock = Stopwatch.StartNew();
            MigrationStatus status;
            while (true)
            {
                status = MigrationStatus.Parse(sourceQmp.Execute("query-migrate"));
                // A QEMU that was itself a migration target reports that incoming migration ("completed",
                // total-time absent or 0) until the outgoing one has begun: only an outgoing result counts.
                if (status.IsFinished && (status.Status != MigrationStatus.Completed || status.TotalTimeMs > 0))
                    break;
                if (clock.Elapsed > TimeSpan.FromMinutes(5))
                    throw new InvalidOperationException("hand migration did not complete in 5 minutes");
                Thread.Sleep(20);
            }
            if (status.Status != MigrationStatus.Completed)
                throw new InvalidOperationException($"hand migration {status.Status}: {status.ErrorDescription}");
            targetQmp.WaitForEvent("RESUME", null, TimeSpan.FromSeconds(60));
            target.LinkUp();
            source.Remove(sourceQmp);
            Current = target;
            return (status.TotalTimeMs ?? 0, status.DowntimeMs ?? 0);
        }
        catch
        {
            target.Remove();
            throw;
        }
    }

    public void Remove() => Current?.Remove();

    private string NextDirectory() => Path.Combine(directory, $"q{++_generation}");
}
