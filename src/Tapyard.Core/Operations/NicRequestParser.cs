using System.Globalization;
using Tapyard.Core.Errors;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Operations;

/// <summary>
/// Parses Ganeti's --net syntax: "0:network=NET,ip=pool,mac=generate,name=x", "1:mode=macvtap,link=eth1",
/// and for modify "add:network=NET", "add", "remove:IDX", "remove" (the last NIC; also Ganeti's "IDX:remove").
/// With network= the connection decides mode and link, so a NIC on a network gives neither (vlan
/// and mvtap_mode it may still give); the planner refuses them.
/// </summary>
public static class NicRequestParser
{
    public const string KnownKeys = "network, ip, mac, name, mode, link, vlan, mvtap_mode, spoof_check, bw_in or bw_out";

    public static NicRequest Parse(string text)
    {
        string head = text;
        string rest = "";
        int colon = text.IndexOf(':');
        if (colon >= 0)
        {
            head = text[..colon];
            rest = text[(colon + 1)..];
        }

        if (head == "add")
            return ParseOptions(rest, text) with { Action = NicRequestAction.Add };
        if (head == "remove")
            return new NicRequest { Action = NicRequestAction.Remove, Index = colon < 0 ? null : ParseIndex(rest, text) };
        if (colon < 0)
            throw new TapyardException($"--net '{text}' has no NIC index; write IDX:network=NET,... or add:... or remove:IDX");

        int index = ParseIndex(head, text);
        if (rest == "remove")
            return new NicRequest { Action = NicRequestAction.Remove, Index = index };
        if (rest == "add" || rest.StartsWith("add,", StringComparison.Ordinal))
            return ParseOptions(rest == "add" ? "" : rest[4..], text) with { Action = NicRequestAction.Add, Index = index };
        return ParseOptions(rest, text) with { Index = index };
    }

    private static int ParseIndex(string value, string text)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            throw new TapyardException($"'{value}' in --net '{text}' is not a NIC index; use 0, 1, ...");
        return index;
    }

    private static NicRequest ParseOptions(string options, string text)
    {
        var request = new NicRequest();
        var p = NicParams.Empty;
        foreach (var (key, value) in KeyValueText.Split(options, "NIC option"))
        {
            switch (key)
            {
                case "network":
                    request = request with { Network = value };
                    break;
                case "ip":
                    request = request with { Ip = value == "none" ? null : CheckIp(value) };   // Ganeti's ip=none: no address
                    break;
                case "mac":
                    request = request with { Mac = CheckMac(value) };
                    break;
                case "name":
                    request = request with { Name = value };
                    break;
                default:
                    if (!NicParamsParser.TryApply(ref p, key, value))
                        throw new TapyardException($"unknown NIC option '{key}' in --net '{text}'; use {KnownKeys}");
                    break;
            }
        }
        NicParamsRules.CheckValues(p);
        // ip=pool without network= is refused by the planner, after instance modify has refused a NIC change.
        return request with { Params = p };
    }

    private static string CheckIp(string value)
    {
        if (value == NicRequest.Pool)
            return value;
        return InstanceRules.ParseIpv4(value).ToString();
    }

    private static string CheckMac(string value) =>
        value is NicRequest.Generate or "auto" ? NicRequest.Generate : InstanceRules.ParseMac(value);
}
