using System.Buffers;
using System.Text.Json;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Store;

/// <summary>
/// Writes the config document by hand on a Utf8JsonWriter, byte for byte what <see cref="ConfigJsonContext"/>
/// produces (ConfigReaderTests compares them), for the same reason as <see cref="ConfigReader"/>: a CLI
/// process writes once and exits, and the generated serializer (slowed by the converters the format
/// needs) spent several times the CPU on a 10,000-instance config. Properties in declaration order,
/// nulls left out, name-keyed maps sorted by name.
/// </summary>
internal static class ConfigWriter
{
    public static void Write(IBufferWriter<byte> output, ClusterConfig config)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion"u8, config.SchemaVersion);
        writer.WriteNumber("serial"u8, config.Serial);
        writer.WritePropertyName("cluster"u8);
        WriteCluster(writer, config.Cluster);
        WriteNamed(writer, "groups"u8, config.Groups, WriteGroup);
        WriteNamed(writer, "nodes"u8, config.Nodes, WriteNode);
        WriteNamed(writer, "networks"u8, config.Networks, WriteNetwork);
        WriteNamed(writer, "instances"u8, config.Instances, WriteInstance);
        writer.WriteEndObject();
    }

    private static void WriteCluster(Utf8JsonWriter writer, Cluster cluster)
    {
        writer.WriteStartObject();
        writer.WriteString("uuid"u8, cluster.Uuid);
        writer.WriteNumber("serial"u8, cluster.Serial);
        writer.WriteString("name"u8, cluster.Name);
        writer.WriteString("macPrefix"u8, cluster.MacPrefix);
        writer.WritePropertyName("defaultNicParams"u8);
        WriteNicParams(writer, cluster.DefaultNicParams);
        writer.WriteStartObject("defaultLinks"u8);
        foreach (var (mode, link) in cluster.DefaultLinks)
            writer.WriteString(NameOf(mode), link);
        writer.WriteEndObject();
        WriteOptional(writer, "defaultHypervisor"u8, cluster.DefaultHypervisor);
        writer.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter writer, NodeGroup group)
    {
        writer.WriteStartObject();
        writer.WriteString("uuid"u8, group.Uuid);
        writer.WriteNumber("serial"u8, group.Serial);
        writer.WriteString("name"u8, group.Name);
        writer.WriteStartObject("networks"u8);
        foreach (var (network, parameters) in group.Networks)
        {
            writer.WritePropertyName(network.ToString("D"));
            WriteNicParams(writer, parameters);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, Node node)
    {
        writer.WriteStartObject();
        writer.WriteString("uuid"u8, node.Uuid);
        writer.WriteNumber("serial"u8, node.Serial);
        writer.WriteString("name"u8, node.Name);
        writer.WriteString("groupUuid"u8, node.GroupUuid);
        WriteOptional(writer, "netns"u8, node.Netns);
        WriteOptional(writer, "primaryIp"u8, node.PrimaryIp);
        writer.WriteEndObject();
    }

    private static void WriteNetwork(Utf8JsonWriter writer, Network network)
    {
        writer.WriteStartObject();
        writer.WriteString("uuid"u8, network.Uuid);
        writer.WriteNumber("serial"u8, network.Serial);
        writer.WriteString("name"u8, network.Name);
        writer.WriteString("subnet"u8, network.Subnet);
        WriteOptional(writer, "gateway"u8, network.Gateway);
        WriteOptional(writer, "subnet6"u8, network.Subnet6);
        WriteOptional(writer, "gateway6"u8, network.Gateway6);
        WriteOptional(writer, "macPrefix"u8, network.MacPrefix);
        WriteStrings(writer, "tags"u8, network.Tags);
        WriteStrings(writer, "externalReservations"u8, network.ExternalReservations);
        writer.WriteEndObject();
    }

    private static void WriteInstance(Utf8JsonWriter writer, Instance instance)
    {
        writer.WriteStartObject();
        writer.WriteString("uuid"u8, instance.Uuid);
        writer.WriteNumber("serial"u8, instance.Serial);
        writer.WriteString("name"u8, instance.Name);
        writer.WriteString("nodeUuid"u8, instance.NodeUuid);
        writer.WriteNumber("vcpus"u8, instance.Vcpus);
        writer.WriteNumber("memoryMiB"u8, instance.MemoryMiB);
        writer.WriteString("state"u8, NameOf(instance.State));
        writer.WriteStartArray("nics"u8);
        foreach (var nic in instance.Nics)
            WriteNic(writer, nic);
        writer.WriteEndArray();
        WriteOptional(writer, "hypervisor"u8, instance.Hypervisor);
        writer.WriteEndObject();
    }

    private static void WriteNic(Utf8JsonWriter writer, Nic nic)
    {
        writer.WriteStartObject();
        writer.WriteString("uuid"u8, nic.Uuid);
        WriteOptional(writer, "name"u8, nic.Name);
        writer.WriteString("mac"u8, nic.Mac);
        WriteOptional(writer, "ip"u8, nic.Ip);
        if (nic.NetworkUuid is { } network)
            writer.WriteString("networkUuid"u8, network);
        writer.WritePropertyName("params"u8);
        WriteNicParams(writer, nic.Params);
        writer.WriteEndObject();
    }

    private static void WriteNicParams(Utf8JsonWriter writer, NicParams parameters)
    {
        writer.WriteStartObject();
        if (parameters.Mode is { } mode)
            writer.WriteString("mode"u8, NameOf(mode));
        WriteOptional(writer, "link"u8, parameters.Link);
        if (parameters.Vlan is { } vlan)
            writer.WriteNumber("vlan"u8, vlan);
        if (parameters.MvtapMode is { } mvtapMode)
            writer.WriteString("mvtapMode"u8, NameOf(mvtapMode));
        if (parameters.BwIn is { } bwIn)
            writer.WriteString("bwIn"u8, bwIn.ToString());
        if (parameters.BwOut is { } bwOut)
            writer.WriteString("bwOut"u8, bwOut.ToString());
        if (parameters.SpoofCheck is { } spoofCheck)
            writer.WriteBoolean("spoofCheck"u8, spoofCheck);
        writer.WriteEndObject();
    }

    private static void WriteNamed<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> property, Dictionary<string, T> objects, Action<Utf8JsonWriter, T> writeOne)
    {
        var names = objects.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        writer.WriteStartObject(property);
        foreach (string name in names)
        {
            writer.WritePropertyName(name);
            writeOne(writer, objects[name]);
        }
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> property, string? value)
    {
        if (value is not null)
            writer.WriteString(property, value);
    }

    private static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> property, List<string> values)
    {
        writer.WriteStartArray(property);
        foreach (string value in values)
            writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    // The document spells modes as users type them.
    private static string NameOf(NicMode mode) => NicNames.Of(mode);

    private static string NameOf(MvtapMode mode) => NicNames.Of(mode);

    private static string NameOf(InstanceState state) => state switch
    {
        InstanceState.Stopped => "stopped",
        InstanceState.Running => "running",
        InstanceState.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "no such instance state"),
    };
}
