using System.Globalization;
using System.Text.Json;
using Tapyard.Core.Nics;
using Tapyard.Linux.Links;

namespace Tapyard.Hypervisors.Nova;

/// <summary>
/// Reads a Nova VIF JSON object and checks it the way Nova's libvirt vif driver would before it
/// builds XML, plus what Nova leaves to libvirt or the kernel (MAC, device names, VLAN range), so
/// that every problem is one line before anything is touched.
/// Accepted: "id", "address", "type" (or Neutron's "vif_type"), "devname", "ovs_interfaceid",
/// "network" {"id","label","bridge","meta":{"mtu"}}, "details" {macvtap_source, macvtap_mode,
/// physical_interface, vlan, port_filter, tap_mac_address; others ignored}, "quota" {[quota:]vif_inbound_average|peak|burst,
/// [quota:]vif_outbound_average|peak|burst}. Unknown top-level keys are ignored as Nova does.
/// </summary>
internal static class NovaVifParser
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static NovaVif Parse(string json, string? source)
    {
        string where = source is null ? "VIF JSON" : $"VIF file {source}";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw new NovaVifException($"{where} is not valid JSON ({FirstLine(e.Message)}); give one VIF object as Nova's network model writes it");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new NovaVifException($"{where} holds a JSON {Kind(root)}, not a VIF object; give one object with id, address, type and details");
            return Read(root, where);
        }
    }

    private static NovaVif Read(JsonElement root, string where)
    {
        string id = String(root, "id", $"{where}") ?? throw new NovaVifException($"{where} has no \"id\"; give the Neutron port id");
        if (id.Length == 0)
            throw new NovaVifException($"{where} has an empty \"id\"; give the Neutron port id");
        string vif = $"VIF {id}";

        string? typeText = String(root, "type", vif);
        string? vifTypeText = String(root, "vif_type", vif);
        if (typeText is not null && vifTypeText is not null && typeText != vifTypeText)
            throw new NovaVifException($"{vif} has \"type\" '{typeText}' but \"vif_type\" '{vifTypeText}'; give one of them");
        typeText ??= vifTypeText ?? throw new NovaVifException($"{vif} has no \"type\"; give one of {NovaVifTypeNames.Known}");
        if (!NovaVifTypeNames.TryParse(typeText, out var type))
            throw new NovaVifException($"{vif} has unknown vif_type '{typeText}'; Tapyard handles {NovaVifTypeNames.Known}");
        string typed = $"{vif} of type {typeText}";

        string addressText = String(root, "address", vif) ?? throw new NovaVifException($"{vif} has no \"address\"; give the port's MAC address");
        if (!MacAddress.TryParse(addressText, out var address, out string? macProblem))
            throw new NovaVifException($"{vif} has an invalid MAC address '{addressText}': {macProblem}; give the port's unicast MAC, e.g. fa:16:3e:12:34:56");

        string? devname = String(root, "devname", vif);
        CheckDeviceName(devname, "devname", vif);
        string? ovsInterfaceId = String(root, "ovs_interfaceid", vif);

        var network = ReadNetwork(Object(root, "network", vif), vif);
        var details = ReadDetails(Object(root, "details", vif), typed);
        var bandwidth = ReadBandwidth(Object(root, "quota", vif), vif);

        var result = new NovaVif
        {
            Id = id,
            Address = address,
            Type = type,
            DevName = devname,
            OvsInterfaceId = ovsInterfaceId,
            Network = network,
            Details = details,
            Bandwidth = bandwidth,
        };
        CheckType(result, typed);
        return result;
    }

    private static NovaVifNetwork ReadNetwork(JsonElement? element, string vif)
    {
        if (element is not { } network)
            return NovaVifNetwork.Empty;
        string? bridge = String(network, "bridge", vif, "network.bridge");
        CheckDeviceName(bridge, "network.bridge", vif);
        int? mtu = null;
        if (Object(network, "meta", vif, "network.meta") is { } meta && Integer(meta, "mtu", vif, "network.meta.mtu") is { } mtuValue)
        {
            if (mtuValue is < NovaVifNetwork.MinMtu or > NovaVifNetwork.MaxMtu)
                throw new NovaVifException($"{vif} has network.meta.mtu {mtuValue} out of range; use {NovaVifNetwork.MinMtu}..{NovaVifNetwork.MaxMtu}");
            mtu = (int)mtuValue;
        }
        return new NovaVifNetwork
        {
            Id = String(network, "id", vif, "network.id"),
            Label = String(network, "label", vif, "network.label"),
            Bridge = bridge,
            Mtu = mtu,
        };
    }

    private static NovaVifDetails ReadDetails(JsonElement? element, string vif)
    {
        if (element is not { } details)
            return NovaVifDetails.Empty;
        string Key(string name) => $"details.{name}";

        string? source = String(details, NovaVifDetailKeys.MacvtapSource, vif, Key(NovaVifDetailKeys.MacvtapSource));
        CheckDeviceName(source, Key(NovaVifDetailKeys.MacvtapSource), vif);
        string? physical = String(details, NovaVifDetailKeys.PhysicalInterface, vif, Key(NovaVifDetailKeys.PhysicalInterface));
        CheckDeviceName(physical, Key(NovaVifDetailKeys.PhysicalInterface), vif);

        MvtapMode? mode = null;
        if (String(details, NovaVifDetailKeys.MacvtapMode, vif, Key(NovaVifDetailKeys.MacvtapMode)) is { } modeText)
            mode = ParseMacvtapMode(modeText, vif);

        int? vlan = null;
        if (Integer(details, NovaVifDetailKeys.Vlan, vif, Key(NovaVifDetailKeys.Vlan)) is { } vlanValue)
        {
            if (vlanValue is < NicParamsRules.MinVlan or > NicParamsRules.MaxVlan)
                throw new NovaVifException($"{vif} has details.vlan {vlanValue} out of range; use {NicParamsRules.MinVlan}..{NicParamsRules.MaxVlan}");
            vlan = (int)vlanValue;
        }

        bool? portFilter = null;
        if (details.TryGetProperty(NovaVifDetailKeys.PortFilter, out var filter) && filter.ValueKind != JsonValueKind.Null)
        {
            portFilter = filter.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new NovaVifException($"{vif} has details.port_filter {Kind(filter)}; give true or false"),
            };
        }

        MacAddress? tapMac = null;
        if (String(details, NovaVifDetailKeys.TapMacAddress, vif, Key(NovaVifDetailKeys.TapMacAddress)) is { } tapMacText)
        {
            if (!MacAddress.TryParse(tapMacText, out var parsed, out string? problem))
                throw new NovaVifException($"{vif} has an invalid details.tap_mac_address '{tapMacText}': {problem}; give a unicast MAC, e.g. 00:61:fe:ed:ca:fe");
            tapMac = parsed;
        }

        return new NovaVifDetails
        {
            TapMacAddress = tapMac,
            MacvtapSource = source,
            MacvtapMode = mode,
            PhysicalInterface = physical,
            Vlan = vlan,
            PortFilter = portFilter,
        };
    }

    /// <summary>libvirt's direct modes (Neutron sends these); Ganeti's "passthru" is refused with the right spelling.</summary>
    private static MvtapMode ParseMacvtapMode(string text, string vif) => text switch
    {
        "vepa" => MvtapMode.Vepa,
        "bridge" => MvtapMode.Bridge,
        "private" => MvtapMode.Private,
        "passthrough" => MvtapMode.Passthru,
        "passthru" => throw new NovaVifException($"{vif} has details.macvtap_mode 'passthru'; Nova and libvirt spell it 'passthrough'"),
        _ => throw new NovaVifException($"{vif} has unknown details.macvtap_mode '{text}'; use vepa, bridge, private or passthrough"),
    };

    private static readonly string[] Directions = ["inbound", "outbound"];
    private static readonly string[] Parts = ["average", "peak", "burst"];

    private static NovaVifBandwidth ReadBandwidth(JsonElement? element, string vif)
    {
        if (element is not { } quota)
            return NovaVifBandwidth.None;
        var limits = new BandwidthLimit?[2];
        for (int d = 0; d < Directions.Length; d++)
        {
            var values = new long?[3];
            for (int p = 0; p < Parts.Length; p++)
            {
                string key = $"vif_{Directions[d]}_{Parts[p]}";
                long? plain = Integer(quota, key, vif, $"quota.{key}");
                long? prefixed = Integer(quota, "quota:" + key, vif, $"quota.quota:{key}");
                if (plain is not null && prefixed is not null && plain != prefixed)
                    throw new NovaVifException($"{vif} gives quota {key} twice ({plain} and {prefixed}); keep one");
                values[p] = plain ?? prefixed;
            }
            if (values[0] is null)
            {
                if (values[1] is not null || values[2] is not null)
                    throw new NovaVifException($"{vif} has a vif_{Directions[d]} peak or burst without vif_{Directions[d]}_average; libvirt needs the average");
                continue;
            }
            if (BandwidthLimit.Problem(values[0]!.Value, values[1], values[2]) is { } problem)
                throw new NovaVifException($"{vif} has an invalid vif_{Directions[d]} quota: {problem}");
            limits[d] = new BandwidthLimit(values[0]!.Value, values[1], values[2]);
        }
        return limits[0] is null && limits[1] is null ? NovaVifBandwidth.None : new NovaVifBandwidth(limits[0], limits[1]);
    }

    /// <summary>What each type needs to be plugged and described (Nova: get_config_macvtap, get_bridge_name).</summary>
    private static void CheckType(NovaVif vif, string typed)
    {
        switch (vif.Type)
        {
            case NovaVifType.Macvtap:
                var d = vif.Details;
                var missing = new List<string>();
                if (d.MacvtapSource is null)
                    missing.Add(NovaVifDetailKeys.MacvtapSource);
                if (d.MacvtapMode is null)
                    missing.Add(NovaVifDetailKeys.MacvtapMode);
                if (d.PhysicalInterface is null)
                    missing.Add(NovaVifDetailKeys.PhysicalInterface);
                if (missing.Count > 0)
                    throw new NovaVifException(
                        $"{typed} is missing the detail(s) {string.Join(", ", missing)}; Neutron's macvtap agent sets them in binding:vif_details (Nova: VifDetailsMissingMacvtapParameters)");
                // The plug stacks on PHYSICAL.VLAN and `vif xml` names macvtap_source: they must be the same device.
                if (d.Vlan is { } vlan && d.MacvtapSource != $"{d.PhysicalInterface}.{vlan}")
                    throw new NovaVifException(
                        $"{typed} has details.vlan {vlan} and physical_interface {d.PhysicalInterface}, but macvtap_source is {d.MacvtapSource}; give macvtap_source {d.PhysicalInterface}.{vlan} (the VLAN device the plug creates)");
                break;
            case NovaVifType.Bridge:
            case NovaVifType.Ovs:
                if (vif.Network.Bridge is null)
                    throw new NovaVifException($"{typed} has no network.bridge; give the {(vif.Type == NovaVifType.Ovs ? "Open vSwitch" : "Linux")} bridge to attach to");
                break;
            case NovaVifType.Tap:
                // Nova's get_vif_devname would fall back to "nic" + id; Neutron always names a tap VIF's device
                // (tap + the port id's first 11 characters), and guessing a name here could hit someone else's device.
                if (vif.DevName is null)
                    throw new NovaVifException($"{typed} has no \"devname\"; give the tap's name as Neutron sets it (tap + the first 11 characters of the port id)");
                break;
        }
    }

    private static void CheckDeviceName(string? name, string key, string vif)
    {
        if (name is not null && LinkName.Problem(name) is { } problem)
            throw new NovaVifException($"{vif} has an invalid device name in {key} '{name}': {problem}");
    }

    private static JsonElement? Object(JsonElement parent, string key, string vif, string? label = null)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Object)
            throw new NovaVifException($"{vif} has \"{label ?? key}\" as a JSON {Kind(value)}; give an object");
        return value;
    }

    private static string? String(JsonElement parent, string key, string vif, string? label = null)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new NovaVifException($"{vif} has \"{label ?? key}\" as a JSON {Kind(value)}; give a string");
        return value.GetString();
    }

    /// <summary>A whole number given as a JSON number or a numeric string (flavor extra specs and vif_details carry strings).</summary>
    private static long? Integer(JsonElement parent, string key, string vif, string label)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number))
            return number;
        if (value.ValueKind == JsonValueKind.String
            && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed))
            return parsed;
        throw new NovaVifException($"{vif} has {label} {value.GetRawText()}, not a whole number");
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string FirstLine(string text) => text.Split('\n')[0].TrimEnd('.');
}
