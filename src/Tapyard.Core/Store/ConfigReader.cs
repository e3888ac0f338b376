using System.Runtime.CompilerServices;
using System.Text.Json;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Store;

/// <summary>
/// Reads the config document whose shape <see cref="ConfigJsonContext"/> defines, by hand on a
/// Utf8JsonReader. Why not the generated deserializer: a CLI process parses the whole config once
/// and exits, so its code never leaves the JIT's first tier; on a 10,000-instance config (5 MB) a
/// cold process spent 200-300 ms of CPU in the metadata-driven deserializer against about 65 ms
/// here (about half of it the tokenizer itself), and `network info` must finish in 150 ms. As strict
/// as the generated one: unknown properties, wrong types, missing identities and names, and names
/// listed twice are refused. Tests check that both readers agree on every field (ConfigReaderTests).
/// </summary>
internal static class ConfigReader
{
    // What the model's constructors give a property the document leaves out (objects are Restored, see there).
    private static readonly Instance InstanceDefaults = new() { Name = "", NodeUuid = Guid.Empty };

    public static ClusterConfig Read(ReadOnlySpan<byte> document)
    {
        var reader = new Utf8JsonReader(document);
        reader.Read();
        var config = ReadConfig(ref reader);
        if (reader.Read())
            throw new ConfigFormatException("unexpected data after the configuration", reader.TokenStartIndex);
        return config;
    }

    private static ClusterConfig ReadConfig(ref Utf8JsonReader reader)
    {
        long start = ExpectStartObject(ref reader, "the configuration");
        int schemaVersion = 0;   // absent: ConfigDocument refuses the file
        long serial = 0;
        Cluster? cluster = null;
        Dictionary<string, NodeGroup>? groups = null;
        Dictionary<string, Node>? nodes = null;
        Dictionary<string, Network>? networks = null;
        Dictionary<string, Instance>? instances = null;
        int seen = 0;   // one bit per property, to refuse a property given twice
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "schemaVersion"u8, 0, ref seen, "the configuration")) schemaVersion = ReadInt32(ref reader);
            else if (Is(ref reader, "serial"u8, 1, ref seen, "the configuration")) serial = ReadInt64(ref reader);
            else if (Is(ref reader, "cluster"u8, 2, ref seen, "the configuration")) { reader.Read(); cluster = ReadCluster(ref reader); }
            else if (Is(ref reader, "groups"u8, 3, ref seen, "the configuration")) groups = ReadNamed(ref reader, "group", ReadGroup);
            else if (Is(ref reader, "nodes"u8, 4, ref seen, "the configuration")) nodes = ReadNamed(ref reader, "node", ReadNode);
            else if (Is(ref reader, "networks"u8, 5, ref seen, "the configuration")) networks = ReadNamed(ref reader, "network", ReadNetwork);
            else if (Is(ref reader, "instances"u8, 6, ref seen, "the configuration")) instances = ReadNamed(ref reader, "instance", ReadInstance);
            else throw UnknownProperty(ref reader, "the configuration");
        }
        return new ClusterConfig
        {
            SchemaVersion = schemaVersion,
            Serial = serial,
            Cluster = cluster ?? throw Missing("cluster", "the configuration", start),
            Groups = groups ?? new(StringComparer.Ordinal),
            Nodes = nodes ?? new(StringComparer.Ordinal),
            Networks = networks ?? new(StringComparer.Ordinal),
            Instances = instances ?? new(StringComparer.Ordinal),
        };
    }

    private static Cluster ReadCluster(ref Utf8JsonReader reader)
    {
        long start = ExpectStartObject(ref reader, "the cluster");
        Guid? uuid = null;
        long? serial = null;
        string? name = null, macPrefix = null;
        NicParams defaults = NicParams.Empty;
        Dictionary<NicMode, string> defaultLinks = [];
        string? defaultHypervisor = null;
        int seen = 0;   // one bit per property, to refuse a property given twice
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "uuid"u8, 0, ref seen, "the cluster")) uuid = ReadGuid(ref reader);
            else if (Is(ref reader, "serial"u8, 1, ref seen, "the cluster")) serial = ReadInt64(ref reader);
            else if (Is(ref reader, "name"u8, 2, ref seen, "the cluster")) name = ReadString(ref reader);
            else if (Is(ref reader, "macPrefix"u8, 3, ref seen, "the cluster")) macPrefix = ReadString(ref reader);
            else if (Is(ref reader, "defaultNicParams"u8, 4, ref seen, "the cluster")) { reader.Read(); defaults = ReadNicParams(ref reader); }
            else if (Is(ref reader, "defaultLinks"u8, 5, ref seen, "the cluster")) defaultLinks = ReadDefaultLinks(ref reader);
            else if (Is(ref reader, "defaultHypervisor"u8, 6, ref seen, "the cluster")) defaultHypervisor = ReadOptionalString(ref reader);
            else throw UnknownProperty(ref reader, "the cluster");
        }
        var restored = Restored<Cluster>();
        restored.Uuid = uuid ?? throw Missing("uuid", "the cluster", start);
        restored.Serial = serial ?? throw Missing("serial", "the cluster", start);
        restored.Name = name ?? throw Missing("name", "the cluster", start);
        restored.MacPrefix = macPrefix ?? throw Missing("macPrefix", "the cluster", start);
        restored.DefaultNicParams = defaults;
        restored.DefaultLinks = defaultLinks;
        restored.DefaultHypervisor = defaultHypervisor;
        return restored;
    }

    private static Dictionary<NicMode, string> ReadDefaultLinks(ref Utf8JsonReader reader)
    {
        reader.Read();
        ExpectStartObject(ref reader, "the default links");
        var links = new Dictionary<NicMode, string>();
        while (NextProperty(ref reader))
        {
            long at = reader.TokenStartIndex;
            var mode = ParseNicMode(ref reader);
            if (!links.TryAdd(mode, ReadString(ref reader)))
                throw new ConfigFormatException($"the default link of mode {mode.ToString().ToLowerInvariant()} appears twice", at);
        }
        return links;
    }

    private static NodeGroup ReadGroup(ref Utf8JsonReader reader)
    {
        long start = ExpectStartObject(ref reader, "a group");
        Guid? uuid = null;
        long? serial = null;
        string? name = null;
        Dictionary<Guid, NicParams> connected = [];
        int seen = 0;   // one bit per property, to refuse a property given twice
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "uuid"u8, 0, ref seen, "a group")) uuid = ReadGuid(ref reader);
            else if (Is(ref reader, "serial"u8, 1, ref seen, "a group")) serial = ReadInt64(ref reader);
            else if (Is(ref reader, "name"u8, 2, ref seen, "a group")) name = ReadString(ref reader);
            else if (Is(ref reader, "networks"u8, 3, ref seen, "a group")) connected = ReadConnections(ref reader);
            else throw UnknownProperty(ref reader, "a group");
        }
        var restored = Restored<NodeGroup>();
        restored.Uuid = uuid ?? throw Missing("uuid", "a group", start);
        restored.Serial = serial ?? throw Missing("serial", "a group", start);
        restored.Name = name ?? throw Missing("name", "a group", start);
        restored.Networks = connected;
        return restored;
    }

    private static Dictionary<Guid, NicParams> ReadConnections(ref Utf8JsonReader reader)
    {
        reader.Read();
        ExpectStartObject(ref reader, "a group's networks");
        var connected = new Dictionary<Guid, NicParams>();
        while (NextProperty(ref reader))
        {
            long at = reader.TokenStartIndex;
            if (!Guid.TryParseExact(reader.GetString(), "D", out Guid network))
                throw new ConfigFormatException("a group's networks must be keyed by network UUID", at);
            reader.Read();
            if (!connected.TryAdd(network, ReadNicParams(ref reader)))
                throw new ConfigFormatException($"network {network} is connected twice to one group", at);
        }
        return connected;
    }

    private static Node ReadNode(ref Utf8JsonReader reader)
    {
        long start = ExpectStartObject(ref reader, "a node");
        Guid? uuid = null, group = null;
        long? serial = null;
        string? name = null, netns = null, primaryIp = null;
        int seen = 0;   // one bit per property, to refuse a property given twice
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "uuid"u8, 0, ref seen, "a node")) uuid = ReadGuid(ref reader);
            else if (Is(ref reader, "serial"u8, 1, ref seen, "a node")) serial = ReadInt64(ref reader);
            else if (Is(ref reader, "name"u8, 2, ref seen, "a node")) name = ReadString(ref reader);
            else if (Is(ref reader, "groupUuid"u8, 3, ref seen, "a node")) group = ReadGuid(ref reader);
            else if (Is(ref reader, "netns"u8, 4, ref seen, "a node")) netns = ReadOptionalString(ref reader);
            else if (Is(ref reader, "primaryIp"u8, 5, ref seen, "a node")) primaryIp = ReadOptionalString(ref reader);
            else throw UnknownProperty(ref reader, "a node");
        }
        var restored = Restored<Node>();
        restored.Uuid = uuid ?? throw Missing("uuid", "a node", start);
        restored.Serial = serial ?? throw Missing("serial", "a node", start);
        restored.Name = name ?? throw Missing("name", "a node", start);
        restored.GroupUuid = group ?? throw Missing("groupUuid", "a node", start);
        restored.Netns = netns;
        restored.PrimaryIp = primaryIp;
        return restored;
    }

    private static Network ReadNetwork(ref Utf8JsonReader reader)
    {
        long start = ExpectStartObject(ref reader, "a network");
        Guid? uuid = null;
        long? serial = null;
        string? name = null, subnet = null, gateway = null, subnet6 = null, gateway6 = null, macPrefix = null;
        List<string> tags = [], reservations = [];
        int seen = 0;   // one bit per property, to refuse a property given twice
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "uuid"u8, 0, ref seen, "a network")) uuid = ReadGuid(ref reader);
            else if (Is(ref reader, "serial"u8, 1, ref seen, "a network")) serial = ReadInt64(ref reader);
            else if (Is(ref reader, "name"u8, 2, ref seen, "a network")) name = ReadString(ref reader);
            else if (Is(ref reader, "subnet"u8, 3, ref seen, "a network")) subnet = ReadString(ref reader);
            else if (Is(ref reader, "gateway"u8, 4, ref seen, "a network")) gateway = ReadOptionalString(ref reader);
            else if (Is(ref reader, "subnet6"u8, 5, ref seen, "a network")) subnet6 = ReadOptionalString(ref reader);
            else if (Is(ref reader, "gateway6"u8, 6, ref seen, "a network")) gateway6 = ReadOptionalString(ref reader);
            else if (Is(ref reader, "macPrefix"u8, 7, ref seen, "a network")) macPrefix = ReadOptionalString(ref reader);
            else if (Is(ref reader, "tags"u8, 8, ref seen, "a network")) tags = ReadStrings(ref reader);
            else if (Is(ref reader, "externalReservations"u8, 9, ref seen, "a network")) reservations = ReadStrings(ref reader);
            else throw UnknownProperty(ref reader, "a network");
        }
        var restored = Restored<Network>();
        restored.Uuid = uuid ?? throw Missing("uuid", "a network", start);
        restored.Serial = serial ?? throw Missing("serial", "a network", start);
        restored.Name = name ?? throw Missing("name", "a network", start);
        restored.Subnet = subnet ?? throw Missing("subnet", "a network", start);
        restored.Gateway = gateway;
        restored.Subnet6 = subnet6;
        restored.Gateway6 = gateway6;
        restored.MacPrefix = macPrefix;
        restored.Tags = tags;
        restored.ExternalReservations = reservations;
        return restored;
    }

    private static Instance ReadInstance(ref Utf8JsonReader reader)
    {
        long start = ExpectStartObject(ref reader, "an instance");
        Guid? uuid = null, node = null;
        long? serial = null;
        string? name = null, hypervisor = null;
        int vcpus = InstanceDefaults.Vcpus, memory = InstanceDefaults.MemoryMiB;
        var state = InstanceDefaults.State;
        List<Nic> nics = [];
        int seen = 0;   // one bit per property, to refuse a property given twice
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "uuid"u8, 0, ref seen, "an instance")) uuid = ReadGuid(ref reader);
            else if (Is(ref reader, "serial"u8, 1, ref seen, "an instance")) serial = ReadInt64(ref reader);
            else if (Is(ref reader, "name"u8, 2, ref seen, "an instance")) name = ReadString(ref reader);
            else if (Is(ref reader, "nodeUuid"u8, 3, ref seen, "an instance")) node = ReadGuid(ref reader);
            else if (Is(ref reader, "vcpus"u8, 4, ref seen, "an instance")) vcpus = ReadInt32(ref reader);
            else if (Is(ref reader, "memoryMiB"u8, 5, ref seen, "an instance")) memory = ReadInt32(ref reader);
            else if (Is(ref reader, "state"u8, 6, ref seen, "an instance")) state = ReadInstanceState(ref reader);
            else if (Is(ref reader, "nics"u8, 7, ref seen, "an instance")) nics = ReadNics(ref reader);
            else if (Is(ref reader, "hypervisor"u8, 8, ref seen, "an instance")) hypervisor = ReadOptionalString(ref reader);
            else throw UnknownProperty(ref reader, "an instance");
        }
        var restored = Restored<Instance>();
        restored.Uuid = uuid ?? throw Missing("uuid", "an instance", start);
        restored.Serial = serial ?? throw Missing("serial", "an instance", start);
        restored.Name = name ?? throw Missing("name", "an instance", start);
        restored.NodeUuid = node ?? throw Missing("nodeUuid", "an instance", start);
        restored.Vcpus = vcpus;
        restored.MemoryMiB = memory;
        restored.State = state;
        restored.Nics = nics;
        restored.Hypervisor = hypervisor;
        return restored;
    }

    private static List<Nic> ReadNics(ref Utf8JsonReader reader)
    {
        reader.Read();
        ExpectStartArray(ref reader, "an instance's nics");
        var nics = new List<Nic>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            nics.Add(ReadNic(ref reader));
        return nics;
    }

    private static Nic ReadNic(ref Utf8JsonReader reader)
    {
        long start = ExpectStartObject(ref reader, "a nic");
        Guid? uuid = null, network = null;
        string? name = null, mac = null, ip = null;
        NicParams parameters = NicParams.Empty;
        int seen = 0;   // one bit per property, to refuse a property given twice
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "uuid"u8, 0, ref seen, "a nic")) uuid = ReadGuid(ref reader);
            else if (Is(ref reader, "name"u8, 1, ref seen, "a nic")) name = ReadOptionalString(ref reader);
            else if (Is(ref reader, "mac"u8, 2, ref seen, "a nic")) mac = ReadString(ref reader);
            else if (Is(ref reader, "ip"u8, 3, ref seen, "a nic")) ip = ReadOptionalString(ref reader);
            else if (Is(ref reader, "networkUuid"u8, 4, ref seen, "a nic")) network = ReadOptionalGuid(ref reader);
            else if (Is(ref reader, "params"u8, 5, ref seen, "a nic")) { reader.Read(); parameters = ReadNicParams(ref reader); }
            else throw UnknownProperty(ref reader, "a nic");
        }
        var restored = Restored<Nic>();
        restored.Uuid = uuid ?? throw Missing("uuid", "a nic", start);
        restored.Name = name;
        restored.Mac = mac ?? throw Missing("mac", "a nic", start);
        restored.Ip = ip;
        restored.NetworkUuid = network;
        restored.Params = parameters;
        return restored;
    }

    private static NicParams ReadNicParams(ref Utf8JsonReader reader)
    {
        ExpectStartObject(ref reader, "nic parameters");
        NicMode? mode = null;
        string? link = null;
        int? vlan = null;
        MvtapMode? mvtapMode = null;
        BandwidthLimit? bwIn = null, bwOut = null;
        bool? spoofCheck = null;
        int seen = 0;   // one bit per property, to refuse a property given twice
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "mode"u8, 0, ref seen, "nic parameters")) mode = ReadNullable(ref reader) ? null : ParseNicMode(ref reader);
            else if (Is(ref reader, "link"u8, 1, ref seen, "nic parameters")) link = ReadOptionalString(ref reader);
            else if (Is(ref reader, "vlan"u8, 2, ref seen, "nic parameters")) vlan = ReadNullable(ref reader) ? null : CurrentInt32(ref reader);
            else if (Is(ref reader, "mvtapMode"u8, 3, ref seen, "nic parameters")) mvtapMode = ReadNullable(ref reader) ? null : ParseMvtapMode(ref reader);
            else if (Is(ref reader, "bwIn"u8, 4, ref seen, "nic parameters")) bwIn = ReadBandwidth(ref reader, "bw_in");
            else if (Is(ref reader, "bwOut"u8, 5, ref seen, "nic parameters")) bwOut = ReadBandwidth(ref reader, "bw_out");
            else if (Is(ref reader, "spoofCheck"u8, 6, ref seen, "nic parameters")) spoofCheck = ReadNullable(ref reader) ? null : CurrentBoolean(ref reader);
            else throw UnknownProperty(ref reader, "nic parameters");
        }
        return mode is null && link is null && vlan is null && mvtapMode is null && bwIn is null && bwOut is null && spoofCheck is null
            ? NicParams.Empty
            : new NicParams { Mode = mode, Link = link, Vlan = vlan, MvtapMode = mvtapMode, BwIn = bwIn, BwOut = bwOut, SpoofCheck = spoofCheck };
    }

    private delegate T ObjectReader<T>(ref Utf8JsonReader reader);

    /// <summary>
    /// A model object without running its constructor: these objects are restored, not created, and
    /// their initializers would draw a fresh random UUID (a getrandom syscall each, about 24 ms of CPU
    /// for 10,000 instances with a NIC) only for it to be overwritten. Every property is set by the
    /// caller, defaults included (ConfigReaderTests checks them against the constructors').
    /// </summary>
    private static T Restored<T>() where T : class => (T)RuntimeHelpers.GetUninitializedObject(typeof(T));

    /// <summary>A name-keyed map; each entry's key must be its object's name, and no name may appear twice.</summary>
    private static Dictionary<string, T> ReadNamed<T>(ref Utf8JsonReader reader, string kind, ObjectReader<T> readOne)
        where T : class
    {
        reader.Read();
        ExpectStartObject(ref reader, $"the {kind}s");
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        while (NextProperty(ref reader))
        {
            long at = reader.TokenStartIndex;
            string name = reader.GetString()!;
            reader.Read();
            if (!result.TryAdd(name, readOne(ref reader)))
                throw new ConfigFormatException($"{kind} '{name}' appears twice", at);
        }
        return result;
    }

    /// <summary>
    /// Whether the current property is <paramref name="name"/>; the second time in one object (bit
    /// <paramref name="bit"/> of <paramref name="seen"/> already set) it is refused, as the generated
    /// reader refuses it: a repeated key would otherwise silently win over the first.
    /// </summary>
    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, int bit, ref int seen, string where)
    {
        if (!reader.ValueTextEquals(name))
            return false;
        if ((seen & (1 << bit)) != 0)
            throw new ConfigFormatException($"property '{System.Text.Encoding.UTF8.GetString(name)}' appears twice in {where}", reader.TokenStartIndex);
        seen |= 1 << bit;
        return true;
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    private static long ExpectStartObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new ConfigFormatException($"{what} must be an object", reader.TokenStartIndex);
        return reader.TokenStartIndex;
    }

    private static void ExpectStartArray(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new ConfigFormatException($"{what} must be an array", reader.TokenStartIndex);
    }

    /// <summary>Steps onto the value; true when it is null.</summary>
    private static bool ReadNullable(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null;
    }

    private static string ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
            throw new ConfigFormatException("expected a string", reader.TokenStartIndex);
        return reader.GetString()!;
    }

    private static string? ReadOptionalString(ref Utf8JsonReader reader) =>
        ReadNullable(ref reader) ? null
        : reader.TokenType == JsonTokenType.String ? reader.GetString()
        : throw new ConfigFormatException("expected a string or null", reader.TokenStartIndex);

    private static List<string> ReadStrings(ref Utf8JsonReader reader)
    {
        reader.Read();
        ExpectStartArray(ref reader, "a list of strings");
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new ConfigFormatException("expected a string", reader.TokenStartIndex);
            values.Add(reader.GetString()!);
        }
        return values;
    }

    private static Guid ReadGuid(ref Utf8JsonReader reader)
    {
        reader.Read();
        return CurrentGuid(ref reader);
    }

    private static Guid? ReadOptionalGuid(ref Utf8JsonReader reader) =>
        ReadNullable(ref reader) ? null : CurrentGuid(ref reader);

    private static Guid CurrentGuid(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out Guid value)
            ? value
            : throw new ConfigFormatException("expected a UUID", reader.TokenStartIndex);

    private static int ReadInt32(ref Utf8JsonReader reader)
    {
        reader.Read();
        return CurrentInt32(ref reader);
    }

    private static bool CurrentBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new ConfigFormatException("expected true or false", reader.TokenStartIndex),
    };

    private static int CurrentInt32(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value)
            ? value
            : throw new ConfigFormatException("expected a whole number", reader.TokenStartIndex);

    private static long ReadInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value)
            ? value
            : throw new ConfigFormatException("expected a whole number", reader.TokenStartIndex);
    }

    private static NicMode ParseNicMode(ref Utf8JsonReader reader) =>
        reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
            ? reader.ValueTextEquals("bridged"u8) ? NicMode.Bridged
            : reader.ValueTextEquals("routed"u8) ? NicMode.Routed
            : reader.ValueTextEquals("openvswitch"u8) ? NicMode.OpenVswitch
            : reader.ValueTextEquals("macvtap"u8) ? NicMode.Macvtap
            : throw BadEnum(ref reader, "nic mode", "bridged, routed, openvswitch or macvtap")
            : throw BadEnum(ref reader, "nic mode", "bridged, routed, openvswitch or macvtap");

    private static MvtapMode ParseMvtapMode(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String
            ? reader.ValueTextEquals("bridge"u8) ? MvtapMode.Bridge
            : reader.ValueTextEquals("vepa"u8) ? MvtapMode.Vepa
            : reader.ValueTextEquals("private"u8) ? MvtapMode.Private
            : reader.ValueTextEquals("passthru"u8) ? MvtapMode.Passthru
            : throw BadEnum(ref reader, "mvtap_mode", "bridge, vepa, private or passthru")
            : throw BadEnum(ref reader, "mvtap_mode", "bridge, vepa, private or passthru");

    private static InstanceState ReadInstanceState(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String
            ? reader.ValueTextEquals("stopped"u8) ? InstanceState.Stopped
            : reader.ValueTextEquals("running"u8) ? InstanceState.Running
            : reader.ValueTextEquals("error"u8) ? InstanceState.Error
            : throw BadEnum(ref reader, "instance state", "stopped, running or error")
            : throw BadEnum(ref reader, "instance state", "stopped, running or error");
    }

    /// <summary>A bw_in/bw_out value as the writer stores it ("average[:peak[:burst]]"), or null.</summary>
    private static BandwidthLimit? ReadBandwidth(ref Utf8JsonReader reader, string key)
    {
        long start = reader.TokenStartIndex;
        if (ReadOptionalString(ref reader) is not { } text)
            return null;
        try
        {
            return BandwidthLimit.Parse(text, key);
        }
        catch (TapyardException e)
        {
            throw new ConfigFormatException(e.Message, start);
        }
    }

    private static ConfigFormatException BadEnum(ref Utf8JsonReader reader, string what, string allowed)
    {
        string shown = reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName ? $"'{reader.GetString()}'" : "a non-string";
        return new ConfigFormatException($"{shown} is not a {what} (one of {allowed})", reader.TokenStartIndex);
    }

    private static ConfigFormatException UnknownProperty(ref Utf8JsonReader reader, string where) =>
        new($"unknown property '{reader.GetString()}' in {where}", reader.TokenStartIndex);

    private static ConfigFormatException Missing(string property, string what, long start) =>
        new($"{what} has no '{property}'", start);
}
