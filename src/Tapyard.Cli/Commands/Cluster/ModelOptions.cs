using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Cluster;

/// <summary>Options several model commands share, spelled as in Ganeti's gnt-* tools.</summary>
internal static class ModelOptions
{
    public static readonly OptionSpec NicParams = OptionSpec.Value("nic-parameters", "mode=..,link=..[,vlan=..][,mvtap_mode=..]",
        "NIC parameters: mode (bridged, routed, openvswitch, macvtap), link, vlan (1..4094), mvtap_mode (bridge, vepa, private, passthru; macvtap only), spoof_check (on|off, default on)", 'N');

    public static readonly OptionSpec Hypervisor = OptionSpec.Value("hypervisor", "qemu|libvirt", "the hypervisor instances run on (default qemu; libvirt: a libvirtd at $TAPYARD_LIBVIRT_URI)");
    public static readonly OptionSpec MacPrefix = OptionSpec.Value("mac-prefix", "P", "three octets MACs are generated from, e.g. aa:00:00");

    /// <summary>The only output choice of info commands: table-like text (default) or JSON.</summary>
    public static readonly OptionSpec Output = Tapyard.Cli.Output.ListOptions.Output;

    /// <summary>"a,b,,c" as a list, empty entries dropped; empty when the option was not given.</summary>
    public static IReadOnlyList<string> CommaList(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The value of an option the command cannot do without: a usage error (exit 2) when missing.</summary>
    public static string Required(ParsedArguments arguments, OptionSpec option) =>
        arguments.Value(option.Name) ?? throw new UsageException($"missing option {option.Synopsis}");
}
