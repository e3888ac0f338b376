using System.Globalization;
using Tapyard.Core.Errors;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Operations;

/// <summary>Parses -N text ("mode=macvtap,link=eth0,mvtap_mode=bridge,vlan=100") into checked <see cref="NicParams"/>.</summary>
public static class NicParamsParser
{
    public const string KnownKeys = "mode, link, vlan, mvtap_mode, spoof_check, bw_in or bw_out";

    public static NicParams Parse(string text)
    {
        var p = NicParams.Empty;
        foreach (var (key, value) in KeyValueText.Split(text, "NIC parameter"))
        {
            if (!TryApply(ref p, key, value))
                throw new TapyardException($"unknown NIC parameter '{key}'; use {KnownKeys}");
        }
        NicParamsRules.CheckValues(p);
        return p;
    }

    /// <summary>Sets one NIC parameter on <paramref name="p"/>; false when <paramref name="key"/> is not one.</summary>
    internal static bool TryApply(ref NicParams p, string key, string value)
    {
        switch (key)
        {
            case "mode":
                p = p with { Mode = NicNames.ParseMode(value) };
                return true;
            case "link":
                p = p with { Link = value };
                return true;
            case "vlan":
                p = p with { Vlan = ParseVlan(value) };
                return true;
            case "mvtap_mode":
                p = p with { MvtapMode = NicNames.ParseMvtapMode(value) };
                return true;
            case "bw_in":
                p = p with { BwIn = BandwidthLimit.Parse(value, key) };
                return true;
            case "bw_out":
                p = p with { BwOut = BandwidthLimit.Parse(value, key) };
                return true;
            case "spoof_check":
                p = p with { SpoofCheck = ParseOnOff(key, value) };
                return true;
            default:
                return false;
        }
    }

    private static bool ParseOnOff(string key, string value) => value switch
    {
        "on" or "true" or "yes" => true,
        "off" or "false" or "no" => false,
        _ => throw new TapyardException($"{key} '{value}' is not on or off; use {key}=on or {key}=off"),
    };

    private static int ParseVlan(string value)
    {
        // Ganeti writes openvswitch VLANs as ".100"; accept that spelling of a single (untagged) id too.
        string digits = value.StartsWith('.') ? value[1..] : value;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int vlan))
            throw new TapyardException($"vlan '{value}' is not a number; use {NicParamsRules.MinVlan}..{NicParamsRules.MaxVlan}");
        NicParamsRules.CheckVlanRange(vlan);
        return vlan;
    }
}
