using System.Reflection;
using System.Text.Json;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;

namespace Tapyard.Core.Tests.Store;

/// <summary>The hand-written reader and writer (fast start) must agree with the generated serializer, the format's reference.</summary>
public sealed class ConfigReaderTests
{
    private static readonly Type[] ModelTypes =
        [typeof(ClusterConfig), typeof(Cluster), typeof(NodeGroup), typeof(Node), typeof(Network), typeof(Instance), typeof(Nic), typeof(NicParams)];

    [Fact]
    public void Sample_sets_every_model_property_so_the_round_trip_covers_it()
    {
        // A property added to the model must be added to SampleConfigs.EveryKind and to ConfigReader.
        var written = new HashSet<string>(StringComparer.Ordinal);
        Collect(JsonDocument.Parse(ConfigDocument.SerializeGenerated(SampleConfigs.EveryKind())).RootElement, written);
        var missing = ModelTypes
            .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(property => property.SetMethod is not null)
            .Select(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name))
            .Where(name => !written.Contains(name))
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Hand_writer_writes_what_the_generated_serializer_writes()
    {
        var config = SampleConfigs.EveryKind();
        Assert.Equal(
            System.Text.Encoding.UTF8.GetString(ConfigDocument.SerializeGenerated(config)),
            System.Text.Encoding.UTF8.GetString(ConfigDocument.Serialize(config)));
    }

    [Fact]
    public void Hand_writer_matches_on_a_config_built_by_the_operations()
    {
        var state = ClusterState.Of(ClusterOperations.Init(new ClusterInitRequest { NicParams = NicParamsParser.Parse("mode=bridged,link=br0") }));
        GroupOperations.Add(state, "vtap_group");
        NodeOperations.Add(state, new NodeAddRequest { Name = "n1", Group = "vtap_group", Netns = "lab1", PrimaryIp = "192.0.2.1" });
        NetworkOperations.Add(state, new NetworkAddRequest { Name = "vtap-net", Network = "192.0.2.0/28", Gateway = "192.0.2.1", Tags = ["a"] });
        NetworkOperations.Connect(state, "vtap-net", "vtap_group", NicParamsParser.Parse("mode=macvtap,link=eth0,mvtap_mode=bridge"), checkConflicts: true);
        InstanceOperations.Add(state, new InstanceAddRequest
        {
            Name = "web1",
            Node = "n1",
            Nics = [NicRequestParser.Parse("0:network=vtap-net,ip=pool"), NicRequestParser.Parse("1:mode=macvtap,link=eth1,mvtap_mode=vepa,vlan=7")],
        });
        Assert.Equal(ConfigDocument.SerializeGenerated(state.Config), ConfigDocument.Serialize(state.Config));
    }

    [Fact]
    public void Hand_reader_and_generated_reader_agree_on_every_field()
    {
        byte[] document = ConfigDocument.Serialize(SampleConfigs.EveryKind());
        var byHand = ConfigReader.Read(document);
        var generated = JsonSerializer.Deserialize(document, ConfigJsonContext.Default.ClusterConfig)!;
        Assert.Equal(document, ConfigDocument.SerializeGenerated(byHand));
        Assert.Equal(document, ConfigDocument.SerializeGenerated(generated));
    }

    [Fact]
    public void Explicit_nulls_and_omitted_optionals_read_as_not_given()
    {
        var config = ConfigReader.Read("""
            {
              "schemaVersion": 1, "serial": 4,
              "cluster": { "uuid": "6f1c0c8e-3d6f-4c4e-9a51-2b1a8f0b7c11", "serial": 1, "name": "lab", "macPrefix": "aa:00:00",
                           "defaultNicParams": { "mode": null, "link": null, "vlan": null, "mvtapMode": null } },
              "instances": {
                "a": { "uuid": "0f1c0c8e-3d6f-4c4e-9a51-2b1a8f0b7c11", "serial": 2, "name": "a", "nodeUuid": "1f1c0c8e-3d6f-4c4e-9a51-2b1a8f0b7c11",
                       "nics": [ { "uuid": "2f1c0c8e-3d6f-4c4e-9a51-2b1a8f0b7c11", "mac": "aa:00:00:00:00:01", "ip": null, "networkUuid": null, "name": null } ] }
              }
            }
            """u8);
        Assert.Same(NicParams.Empty, config.Cluster.DefaultNicParams);
        var instance = config.Instances["a"];
        Assert.Equal((1, 256, InstanceState.Stopped), (instance.Vcpus, instance.MemoryMiB, instance.State));
        Assert.Null(instance.Nics[0].Ip);
        Assert.Null(instance.Nics[0].NetworkUuid);
        Assert.Empty(config.Groups);
        Assert.Empty(config.Networks);
    }

    [Fact]
    public void Omitted_properties_get_what_the_model_constructors_give()
    {
        // The hand reader restores objects without their constructors; defaults must still match.
        byte[] minimal = """
            {
              "schemaVersion": 1, "serial": 1,
              "cluster": { "uuid": "6f1c0c8e-3d6f-4c4e-9a51-2b1a8f0b7c11", "serial": 1, "name": "lab", "macPrefix": "aa:00:00" },
              "groups": { "g": { "uuid": "7f1c0c8e-3d6f-4c4e-9a51-2b1a8f0b7c11", "serial": 1, "name": "g" } },
              "nodes": { "n": { "uuid": "8f1c0c8e-3d6f-4c4e-9a51-2b1a8f0b7c11", "serial": 1, "name": "n", "groupUuid": "7f1c0c8e-3d6f-4c4e-9a51-2b1a8f0b7c11" } },
              "networks": { "w": { "uuid": "9f1c0c8e-3d6f-4c4e-9a51-2b1a8f0b7c11", "serial": 1, "name": "w", "subnet": "192.0.2.0/28" } },
              "instances": {
                "a": { "uuid": "0f1c0c8e-3d6f-4c4e-9a51-2b1a8f0b7c11", "serial": 2, "name": "a", "nodeUuid": "8f1c0c8e-3d6f-4c4e-9a51-2b1a8f0b7c11",
                       "nics": [ { "uuid": "2f1c0c8e-3d6f-4c4e-9a51-2b1a8f0b7c11", "mac": "aa:00:00:00:00:01" } ] }
              }
            }
            """u8.ToArray();
        var byHand = ConfigReader.Read(minimal);
        var generated = JsonSerializer.Deserialize(minimal, ConfigJsonContext.Default.ClusterConfig)!;
        Assert.Equal(
            System.Text.Encoding.UTF8.GetString(ConfigDocument.SerializeGenerated(generated)),
            System.Text.Encoding.UTF8.GetString(ConfigDocument.SerializeGenerated(byHand)));
        // Collections are the object's own, not shared.
        byHand.Instances["a"].Nics[0].Params = new NicParams { Link = "x" };
        byHand.Networks["w"].Tags.Add("t");
        Assert.Empty(ConfigReader.Read(minimal).Networks["w"].Tags);
    }

    [Theory]
    [InlineData("""{"schemaVersion": 1, "serial": 1}""", "the configuration has no 'cluster'")]
    [InlineData("""{"schemaVersion": 1, "serial": 1, "cluster": {"serial": 1, "name": "x", "macPrefix": "aa:00:00"}}""", "the cluster has no 'uuid'")]
    [InlineData("""{"schemaVersion": 1, "serial": "1"}""", "expected a whole number")]
    [InlineData("""{"schemaVersion": 1, "nodes": []}""", "the nodes must be an object")]
    [InlineData("""{"schemaVersion": 1, "cluster": {"uuid": "nope"}}""", "expected a UUID")]
    [InlineData("""{"schemaVersion": 1, "cluster": {"defaultLinks": {"ovs": "br0"}}}""", "'ovs' is not a nic mode (one of bridged, routed, openvswitch or macvtap)")]
    [InlineData("""{"schemaVersion": 1, "cluster": {"defaultNicParams": {"mvtapMode": "Bridge"}}}""", "'Bridge' is not a mvtap_mode (one of bridge, vepa, private or passthru)")]
    [InlineData("""{"schemaVersion": 1, "groups": {"g": {"networks": {"not-a-uuid": {}}}}}""", "a group's networks must be keyed by network UUID")]
    [InlineData("""{"schemaVersion": 1, "networks": {"n": {"tags": ["a", 1]}}}""", "expected a string")]
    [InlineData("""{"schemaVersion": 1, "instances": {"i": {"nics": [{"params": {"colour": "red"}}]}}}""", "unknown property 'colour' in nic parameters")]
    public void Malformed_documents_are_refused_with_the_reason(string document, string reason)
    {
        var e = Assert.Throws<ConfigFormatException>(() => ConfigReader.Read(System.Text.Encoding.UTF8.GetBytes(document)));
        Assert.Equal(reason, e.Message);
    }

    /// <summary>A repeated key would silently win over the first: both readers refuse it, at every level.</summary>
    [Theory]
    [InlineData("schemaVersion", "the configuration", "\"schemaVersion\": 1,")]
    [InlineData("instances", "the configuration", "\"instances\": {},")]
    [InlineData("networks", "the configuration", "\"networks\": {},")]
    [InlineData("macPrefix", "the cluster", "\"macPrefix\": \"aa:00:00\",")]
    [InlineData("name", "a group", "\"name\": \"default\",")]
    [InlineData("subnet", "a network", "\"subnet\": \"192.0.2.0/28\",")]
    [InlineData("vcpus", "an instance", "\"vcpus\": 1,")]
    [InlineData("mac", "a nic", "\"mac\": \"aa:00:00:00:00:01\",")]
    [InlineData("mode", "nic parameters", "\"mode\": \"bridged\",")]
    public void Repeated_properties_are_refused_by_both_readers(string property, string where, string repeated)
    {
        string valid = System.Text.Encoding.UTF8.GetString(ConfigDocument.Serialize(SampleConfigs.EveryKind()));
        // Put the repeat just before the property's first occurrence in an object of that kind (top-level: first of all).
        int at = valid.IndexOf(where == "the configuration" ? "\"schemaVersion\": " : $"\"{property}\": ", StringComparison.Ordinal);
        if (where is "a group" or "a network" or "an instance" or "a nic" or "nic parameters")
            at = FirstIn(valid, where, property);
        Assert.True(at >= 0, $"{property} not in the sample");
        byte[] document = System.Text.Encoding.UTF8.GetBytes(valid.Insert(at, repeated + " "));

        var e = Assert.Throws<ConfigFormatException>(() => ConfigReader.Read(document));
        Assert.Equal($"property '{property}' appears twice in {where}", e.Message);
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(document, ConfigJsonContext.Default.ClusterConfig));
    }

    private static int FirstIn(string document, string where, string property)
    {
        string container = where switch
        {
            "a group" => "\"groups\": {",
            "a network" => "\"networks\": {",
            "an instance" => "\"instances\": {",
            "a nic" => "\"nics\": [",
            _ => "\"params\": {",
        };
        int start = document.IndexOf(container, StringComparison.Ordinal);
        return start < 0 ? -1 : document.IndexOf($"\"{property}\": ", start, StringComparison.Ordinal);
    }

    private static void Collect(JsonElement element, HashSet<string> names)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                names.Add(property.Name);
                Collect(property.Value, names);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                Collect(item, names);
        }
    }
}
