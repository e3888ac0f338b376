using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Operations;

public sealed class HypervisorChoiceTests
{
    private static ClusterState NewState(string? defaultHypervisor = null)
    {
        var state = ClusterState.Of(ClusterOperations.Init(new ClusterInitRequest { Hypervisor = defaultHypervisor }));
        NodeOperations.Add(state, new NodeAddRequest { Name = "n1" });
        return state;
    }

    [Fact]
    public void Instance_without_a_hypervisor_runs_on_the_cluster_default_else_qemu()
    {
        var state = NewState();
        var plain = InstanceOperations.Add(state, new InstanceAddRequest { Name = "a", Node = "n1" });
        Assert.Null(plain.Hypervisor);
        Assert.Equal("qemu", state.HypervisorOf(plain));

        ClusterOperations.Modify(state, null, null, "libvirt");
        Assert.Equal("libvirt", state.Cluster.DefaultHypervisor);
        Assert.Equal("libvirt", state.HypervisorOf(plain));

        var own = InstanceOperations.Add(state, new InstanceAddRequest { Name = "b", Node = "n1", Hypervisor = "qemu" });
        Assert.Equal("qemu", state.HypervisorOf(own));
    }

    [Fact]
    public void Cluster_init_takes_a_default_hypervisor()
    {
        Assert.Equal("libvirt", NewState("libvirt").Cluster.DefaultHypervisor);
    }

    [Fact]
    public void Unknown_hypervisor_is_refused_in_one_line_and_changes_nothing()
    {
        var state = NewState();
        var add = Assert.Throws<TapyardException>(() => InstanceOperations.Add(state, new InstanceAddRequest { Name = "x", Node = "n1", Hypervisor = "xen" }));
        Assert.Equal("unknown hypervisor 'xen' for instance x; use qemu or libvirt", add.Message);
        Assert.Empty(state.Config.Instances);

        long serial = state.Cluster.Serial;
        var modify = Assert.Throws<TapyardException>(() => ClusterOperations.Modify(state, null, "aa:11:22", "vmware"));
        Assert.Equal("unknown hypervisor 'vmware' for the cluster; use qemu or libvirt", modify.Message);
        Assert.Equal(serial, state.Cluster.Serial);
        Assert.Equal("aa:00:00", state.Cluster.MacPrefix);

        var init = Assert.Throws<TapyardException>(() => ClusterOperations.Init(new ClusterInitRequest { Hypervisor = "Libvirt" }));
        Assert.Equal("unknown hypervisor 'Libvirt' for the cluster; use qemu or libvirt", init.Message);
    }

    [Fact]
    public void Default_cannot_change_under_a_running_instance_that_inherits_it()
    {
        var state = NewState();
        InstanceOperations.Add(state, new InstanceAddRequest { Name = "web", Node = "n1" }).State = InstanceState.Running;
        InstanceOperations.Add(state, new InstanceAddRequest { Name = "own", Node = "n1", Hypervisor = "qemu" }).State = InstanceState.Running;
        long serial = state.Cluster.Serial;

        var error = Assert.Throws<TapyardException>(() => ClusterOperations.Modify(state, null, null, "libvirt"));

        Assert.Equal("instance web runs on the default hypervisor qemu; stop web before changing the default to libvirt", error.Message);
        Assert.Null(state.Cluster.DefaultHypervisor);
        Assert.Equal(serial, state.Cluster.Serial);
        ClusterOperations.Modify(state, null, null, "qemu"); // the same default: nothing to refuse, nothing changes
        Assert.Equal(serial, state.Cluster.Serial);
    }
}
