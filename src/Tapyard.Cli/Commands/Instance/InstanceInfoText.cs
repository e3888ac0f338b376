using Tapyard.Cli.Output;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Instance;

/// <summary>
/// `instance info`, after gnt-instance info's layout: every NIC with its index, MAC, IP, mode, link,
/// vlan, mvtap_mode, network and name; a value the NIC did not set itself reads "(inherited)".
/// </summary>
internal static class InstanceInfoText
{
    public static void Write(TextWriter writer, InstanceRow instance)
    {
        writer.WriteLine($"Instance name: {instance.Name}");
        writer.WriteLine($"UUID: {instance.Uuid}");
        writer.WriteLine($"Serial number: {instance.Serial}");
        writer.WriteLine(instance.StatusReason is { } reason ? $"  Status: {instance.Status} ({reason})" : $"  Status: {instance.Status}");
        writer.WriteLine("  Nodes:");
        writer.WriteLine($"    - primary: {instance.Node}");
        writer.WriteLine($"      group: {instance.Group ?? "None"}");
        writer.WriteLine($"  Hypervisor: {instance.Hypervisor}");
        writer.WriteLine("  Backend parameters:");
        writer.WriteLine($"    vcpus: {instance.Vcpus}");
        writer.WriteLine($"    memory: {instance.MemoryMiB}");
        if (instance.Nics.Count == 0)
        {
            writer.WriteLine("  NICs: none");
            return;
        }
        writer.WriteLine("  NICs:");
        foreach (var nic in instance.Nics)
            WriteNic(writer, nic);
    }

    private static void WriteNic(TextWriter writer, ResolvedNic nic)
    {
        writer.WriteLine($"    - nic/{nic.Index}:");
        writer.WriteLine($"      MAC: {nic.Mac}");
        writer.WriteLine($"      IP: {nic.Ip ?? "None"}");
        writer.WriteLine($"      mode: {Marked(NicText.Mode(nic.Mode), nic.ModeInherited)}");
        writer.WriteLine($"      link: {Marked(nic.Link, nic.LinkInherited)}");
        writer.WriteLine($"      vlan: {Marked(nic.Vlan?.ToString(System.Globalization.CultureInfo.InvariantCulture), nic.VlanInherited)}");
        writer.WriteLine($"      mvtap_mode: {Marked(NicText.MvtapMode(nic.MvtapMode), nic.MvtapModeInherited)}");
        writer.WriteLine($"      spoof_check: {Marked(nic.SpoofCheck ? "on" : "off", nic.SpoofCheckInherited)}");
        // Only when set, so Ganeti-shaped output stays as it was for NICs without limits.
        if (nic.BwIn is { } bwIn)
            writer.WriteLine($"      bw_in: {bwIn}");
        if (nic.BwOut is { } bwOut)
            writer.WriteLine($"      bw_out: {bwOut}");
        writer.WriteLine($"      network: {nic.NetworkName ?? "None"}");
        writer.WriteLine($"      UUID: {nic.Uuid}");
        writer.WriteLine($"      name: {nic.Name ?? "None"}");
    }

    /// <summary>"eth0 (inherited)" for a value that came from the network's connection or the cluster; empty stays empty.</summary>
    private static string Marked(string? value, bool inherited) =>
        value is null ? "" : inherited ? $"{value} (inherited)" : value;
}
