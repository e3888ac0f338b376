using FsCheck;
using FsCheck.Fluent;
using Tapyard.Core.Errors;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Operations;

/// <summary>
/// Random runs of instance add, remove and modify (many of them failing: used or outside
/// addresses, duplicate MACs, exhausted pool) keep the incrementally kept indexes equal to ones
/// built afresh from the config, and every failing step changes nothing.
/// </summary>
public sealed class ClusterStateProperties
{
    private static readonly string[] Macs = ["aa:00:00:00:00:01", "aa:00:00:00:00:02", "aa:00:00:00:00:03"];

    private static Gen<int[]> Step { get; } =
        Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, 5).SelectMany(instance => Gen.Choose(-2, 17).SelectMany(ip =>
            Gen.Choose(-1, 2).Select(mac => new[] { kind, instance, ip, mac }))));

    private static Arbitrary<int[][]> Runs { get; } = Gen.ArrayOf(Step).ToArbitrary();

    private static string NicText(int ip, int mac, string prefix)
    {
        string ipPart = ip switch { -2 => "", -1 => ",ip=pool", 16 => ",ip=10.0.0.1", 17 => ",ip=192.0.2.250", _ => $",ip=192.0.2.{ip}" };
        string macPart = mac < 0 ? "" : $",mac={Macs[mac]}";
        return $"{prefix}network=vtap-net{ipPart}{macPart}";
    }

    private static void Apply(ClusterState state, int[] step)
    {
        string name = $"i{step[1]}";
        switch (step[0])
        {
            case 0:
            case 1:
                InstanceOperations.Add(state, Scenario.Instance(name, NicText(step[2], step[3], "0:"), "1:network=vtap-net,ip=pool"));
                break;
            case 2:
                InstanceOperations.Remove(state, name);
                break;
            default:
                InstanceOperations.Modify(state, new InstanceModifyRequest
                {
                    Name = name,
                    Nics = [NicRequestParser.Parse("remove:0"), NicRequestParser.Parse(NicText(step[2], step[3], "add:"))],
                });
                break;
        }
    }

    [Fact]
    public void Indexes_match_a_fresh_build_and_failures_change_nothing() =>
        Prop.ForAll(Runs, steps =>
        {
            var state = Scenario.Seed();
            foreach (var step in steps)
            {
                string before = Unchanged.Snapshot(state);
                try
                {
                    Apply(state, step);
                }
                catch (TapyardException)
                {
                    if (Unchanged.Snapshot(state) != before)
                        return false;
                }
                var fresh = ClusterState.Of(state.Config);
                var network = state.GetNetwork("vtap-net");
                if (fresh.PoolOf(fresh.GetNetwork("vtap-net")).Map() != state.PoolOf(network).Map())
                    return false;
                var nics = state.Config.Instances.Values.SelectMany(i => i.Nics).ToList();
                if (nics.Select(n => n.Mac).Distinct().Count() != nics.Count || !nics.All(n => state.IsMacInUse(n.Mac)))
                    return false;
                if (Macs.Any(m => state.IsMacInUse(m) != nics.Any(n => n.Mac == m)))
                    return false;
                var ips = nics.Where(n => n.Ip is not null).Select(n => n.Ip).ToList();
                if (ips.Distinct().Count() != ips.Count)
                    return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
}
