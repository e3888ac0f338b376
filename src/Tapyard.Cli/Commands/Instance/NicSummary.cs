using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Instance;

/// <summary>What `instance add` and `instance modify` print: one line per NIC, so the chosen MAC and IP need no second command.</summary>
internal static class NicSummary
{
    public static void Write(TextWriter writer, InstanceRow instance)
    {
        foreach (var nic in instance.Nics)
        {
            string network = nic.NetworkName is { } name ? $" network {name}" : "";
            string mvtap = nic.MvtapMode is { } m ? $" mvtap_mode {NicText.MvtapMode(m)}" : "";
            string vlan = nic.Vlan is { } v ? $" vlan {v}" : "";
            writer.WriteLine($"{instance.Name}: nic/{nic.Index} mac {nic.Mac} ip {nic.Ip ?? "None"}{network} mode {NicText.Mode(nic.Mode)} link {nic.Link}{vlan}{mvtap}");
        }
    }
}
