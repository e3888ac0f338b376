using Tapyard.Hypervisors.Libvirt;

namespace Tapyard.Hypervisors.Tests.Libvirt;

public sealed class LibvirtDriverOptionsTests
{
    [Fact]
    public void Node_placeholder_in_the_uri_names_the_node_s_libvirtd()
    {
        var options = new LibvirtDriverOptions { Uri = "qemu+unix:///system?socket=/run/tapyard/libvirt/{node}/libvirt-sock" };
        Assert.Equal("qemu+unix:///system?socket=/run/tapyard/libvirt/n2/libvirt-sock", options.UriFor("n2"));
    }

    [Fact]
    public void Explicit_uri_wins_and_is_used_as_given()
    {
        Assert.Equal("qemu:///session", new LibvirtDriverOptions { Uri = "qemu:///session" }.UriFor("n1"));
    }

    [Fact]
    public void Virsh_error_line_drops_the_error_prefixes_and_joins_lines()
    {
        var result = new Virsh.Result(1, "", "error: failed to get domain 'x'\nerror: Domain not found\n");
        Assert.Equal("failed to get domain 'x'; Domain not found", result.ErrorLine);
        Assert.True(result.DomainMissing);
    }

    [Fact]
    public void Without_a_uri_the_node_s_own_libvirtd_is_used_when_its_socket_exists()
    {
        string run = Path.Combine(Path.GetTempPath(), $"tapyard-lvuri-{Guid.NewGuid():N}");
        try
        {
            var options = new LibvirtDriverOptions { RuntimeDirectory = run };
            string? fromEnvironment = Environment.GetEnvironmentVariable(LibvirtDriverOptions.UriVariable);
            string fallback = string.IsNullOrEmpty(fromEnvironment) ? LibvirtDriverOptions.DefaultUri : fromEnvironment.Replace("{node}", "n1");
            Assert.Equal(fallback, options.UriFor("n1"));

            string socket = Core.Store.RuntimeDirectory.LibvirtSocketOf(run, "n1");
            Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
            File.WriteAllText(socket, "");
            if (string.IsNullOrEmpty(fromEnvironment))
                Assert.Equal($"qemu+unix:///system?socket={run}/libvirt/n1/run/libvirt-sock", options.UriFor("n1"));
            Assert.Equal(fallback, options.UriFor("n2"));
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }
}
