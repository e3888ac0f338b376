namespace Tapyard.Bench.Xml;

/// <summary>
/// The benchmark instance's NICs: one macvtap per mvtap_mode (bridge, vepa, private with a VLAN,
/// passthru), bridged on two bridges, openvswitch with VLAN tags, bandwidth limits on some.
/// Routed NICs are left out: their XML needs the device the node's runtime records name.
/// More than 8 NICs repeat the pattern (a passthru NIC gets a link of its own each time).
/// </summary>
public static class XmlBenchNics
{
    public static IReadOnlyList<string> Requests(int count) =>
        Enumerable.Range(0, count).Select(i => $"{i}:{Params(i)}").ToList();

    private static string Params(int i) => (i % 8) switch
    {
        0 => "mode=macvtap,link=eth0,mvtap_mode=bridge,bw_in=1000:2000:64,bw_out=500",
        1 => "mode=macvtap,link=eth0,mvtap_mode=vepa",
        2 => "mode=macvtap,link=eth0,mvtap_mode=private,vlan=100",
        3 => $"mode=macvtap,link=eth{1 + i / 8},mvtap_mode=passthru",
        4 => "mode=bridged,link=br0",
        5 => "mode=bridged,link=br1,bw_in=2000",
        6 => "mode=openvswitch,link=ovsbr0,vlan=300",
        _ => "mode=openvswitch,link=ovsbr0,vlan=301,bw_out=1000:1500",
    };
}
