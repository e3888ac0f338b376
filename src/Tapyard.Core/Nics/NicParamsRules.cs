using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Linux.Links;

namespace Tapyard.Core.Nics;

/// <summary>
/// The rules of NIC parameters: valid values on each level (<see cref="CheckValues"/>), and how a
/// NIC's own parameters, its network's connection and the cluster defaults combine
/// (<see cref="Resolve"/>).
/// </summary>
public static class NicParamsRules
{
    public const int MinVlan = 1;
    public const int MaxVlan = 4094;
    public const NicMode FallbackMode = NicMode.Bridged;
    public const MvtapMode DefaultMvtapMode = MvtapMode.Bridge;
    /// <summary>Anti-spoofing is on unless a level turns it off (spoof_check=off).</summary>
    public const bool DefaultSpoofCheck = true;

    public const string MvtapModeNeedsMacvtap = "mvtap_mode is only valid with mode=macvtap; add mode=macvtap or drop mvtap_mode";

    /// <summary>Checks what one level gives on its own: link name, VLAN range, and mode-specific keys against its own mode.</summary>
    public static void CheckValues(NicParams p)
    {
        if (p.Link is not null && LinkName.Problem(p.Link) is { } problem)
            throw new TapyardException($"invalid link '{p.Link}': {problem}");
        if (p.Vlan is { } vlan)
            CheckVlanRange(vlan);
        if (p.Mode is { } mode)
            CheckCombination(mode, p.Vlan, p.MvtapMode);
    }

    public static void CheckVlanRange(int vlan)
    {
        if (vlan is < MinVlan or > MaxVlan)
            throw new TapyardException($"VLAN {vlan} is out of range; use {MinVlan}..{MaxVlan}");
    }

    /// <summary>mvtap_mode only with macvtap; vlan only with openvswitch, bridged and macvtap; never <see cref="NicMode.Tap"/> (Nova tap VIFs only).</summary>
    public static void CheckCombination(NicMode mode, int? vlan, MvtapMode? mvtapMode)
    {
        if (mode == NicMode.Tap)
            throw new TapyardException("unknown NIC mode 'tap' (a Nova tap VIF's, made by `tapyard vif plug`); use bridged, routed, openvswitch or macvtap");
        if (mvtapMode is not null && mode != NicMode.Macvtap)
            throw new TapyardException(MvtapModeNeedsMacvtap);
        if (vlan is not null && mode == NicMode.Routed)
            throw new TapyardException("vlan is not valid with mode=routed; use mode=openvswitch, bridged or macvtap, or drop vlan");
    }

    /// <summary>
    /// Combines <paramref name="own"/> (the NIC's, or a connection's when resolving a connection),
    /// <paramref name="connection"/> (null: none) and the cluster's defaults, and checks the result.
    /// A level gives its link, vlan and mvtap_mode only if it names no mode or the resulting one: a
    /// bridged connection's link is no lower device for a macvtap NIC. Without a link anywhere, the
    /// cluster's default link of the mode is used. <paramref name="requireLink"/>: refuse when there
    /// is still none.
    /// </summary>
    public static EffectiveNicParams Resolve(NicParams own, NicParams? connection, Cluster cluster, bool requireLink = true)
    {
        CheckValues(own);
        var effective = Combine(own, connection, cluster);
        if (effective.Link is null && requireLink)
            throw new TapyardException(
                $"no link for mode={NicNames.Of(effective.Mode)}: give link=DEVICE, or set a cluster default with 'cluster modify -N mode={NicNames.Of(effective.Mode)},link=DEVICE'");
        CheckCombination(effective.Mode, effective.Vlan, effective.MvtapMode);
        return effective;
    }

    /// <summary>
    /// The same combination without any check, for showing what is stored (a config edited by hand
    /// or by an older version must still list); operations use <see cref="Resolve"/>.
    /// </summary>
    public static EffectiveNicParams Describe(NicParams own, NicParams? connection, Cluster cluster) => Combine(own, connection, cluster);

    private static EffectiveNicParams Combine(NicParams own, NicParams? connection, Cluster cluster)
    {
        var defaults = cluster.DefaultNicParams;
        NicMode mode = own.Mode ?? connection?.Mode ?? defaults.Mode ?? FallbackMode;

        string? link = own.Link;
        int? vlan = own.Vlan;
        MvtapMode? mvtap = own.MvtapMode;
        BandwidthLimit? bwIn = own.BwIn, bwOut = own.BwOut;
        bool? spoofCheck = own.SpoofCheck;
        foreach (var level in new[] { connection, defaults })
        {
            if (level is null || (level.Mode is { } m && m != mode))
                continue;
            link ??= level.Link;
            vlan ??= level.Vlan;
            mvtap ??= level.MvtapMode;
            bwIn ??= level.BwIn;
            bwOut ??= level.BwOut;
            spoofCheck ??= level.SpoofCheck;
        }
        if (link is null && cluster.DefaultLinks.TryGetValue(mode, out var defaultLink))
            link = defaultLink;
        if (mode == NicMode.Macvtap)
            mvtap ??= DefaultMvtapMode;

        return new EffectiveNicParams(mode, link, vlan, mvtap,
            ModeInherited: own.Mode is null,
            LinkInherited: own.Link is null,
            VlanInherited: own.Vlan is null,
            MvtapModeInherited: own.MvtapMode is null,
            SpoofCheck: spoofCheck ?? DefaultSpoofCheck,
            SpoofCheckInherited: own.SpoofCheck is null)
        {
            BwIn = bwIn,
            BwOut = bwOut,
        };
    }
}
