using System.Text.Json;
using System.Text.Json.Nodes;
using Tapyard.Hypervisors.Qmp;

namespace Tapyard.Hypervisors.Tests.Qmp;

[Trait("Category", "Kernel")]
[Collection("paused qemu")]
public sealed class QmpClientTests(PausedQemu qemu)
{
    [Fact]
    public void Greeting_and_capabilities_then_commands_answer()
    {
        using var qmp = qemu.Connect();
        Assert.True(qmp.Greeting.GetProperty("version").GetProperty("qemu").GetProperty("major").GetInt32() >= 7);
        Assert.Equal(JsonValueKind.Array, qmp.Greeting.GetProperty("capabilities").ValueKind);
        var status = qmp.Execute("query-status");
        Assert.Contains(status.GetProperty("status").GetString(), new[] { "prelaunch", "paused", "running" });
        var name = qmp.Execute("query-name");
        Assert.Equal(JsonValueKind.Object, name.ValueKind);
    }

    [Fact]
    public void A_failed_command_is_a_typed_error_with_class_and_description()
    {
        using var qmp = qemu.Connect();
        var unknown = Assert.Throws<QmpException>(() => qmp.Execute("no-such-command"));
        Assert.Equal("CommandNotFound", unknown.ErrorClass);
        Assert.Equal("no-such-command", unknown.Command);
        var bad = Assert.Throws<QmpException>(() => qmp.Execute("device_del", new JsonObject { ["id"] = "nic-that-does-not-exist" }));
        Assert.Equal("DeviceNotFound", bad.ErrorClass);
        Assert.Contains("nic-that-does-not-exist", bad.Description);
        // The connection stays usable after errors.
        qmp.Execute("query-status");
    }

    [Fact]
    public void Events_are_awaited_and_queued()
    {
        using var qmp = qemu.Connect();
        qmp.Execute("cont");
        var resumed = qmp.WaitForEvent("RESUME", null, TimeSpan.FromSeconds(30));
        Assert.Equal("RESUME", resumed.Name);
        qmp.Execute("stop");
        // STOP arrived before anyone waited: it was queued.
        Thread.Sleep(200);
        var stopped = qmp.WaitForEvent("STOP", null, TimeSpan.FromSeconds(30));
        Assert.True(stopped.Timestamp > DateTimeOffset.UnixEpoch);
        Assert.Throws<TimeoutException>(() => qmp.WaitForEvent("STOP", null, TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void Getfd_and_add_fd_pass_files_with_scm_rights()
    {
        using var qmp = qemu.Connect();
        string path = qemu.Directory.File($"passed-{Guid.NewGuid():N}");
        using (var file = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite))
        {
            qmp.SendFileDescriptor("tyfd", file);
            Assert.Contains(path, QemuFdTargets());
            qmp.Execute("closefd", new JsonObject { ["fdname"] = "tyfd" });
            Assert.DoesNotContain(path, QemuFdTargets());

            var added = qmp.AddFd(file, opaque: "tapyard test");
            var sets = qmp.Execute("query-fdsets");
            var set = sets.EnumerateArray().Single(s => s.GetProperty("fdset-id").GetInt32() == added.FdsetId);
            Assert.Equal(added.Fd, set.GetProperty("fds")[0].GetProperty("fd").GetInt32());
            Assert.Contains(path, QemuFdTargets());
            qmp.Execute("remove-fd", new JsonObject { ["fdset-id"] = added.FdsetId });
        }
        // Without a file attached, getfd fails in QEMU (no fd received).
        var e = Assert.Throws<QmpException>(() => qmp.Execute("getfd", new JsonObject { ["fdname"] = "nothing" }));
        Assert.Equal("GenericError", e.ErrorClass);
    }

    [Fact]
    public void A_missing_socket_is_a_connection_error_after_the_timeout()
    {
        var e = Assert.Throws<QmpConnectionException>(() => QmpClient.Connect(qemu.Directory.File("absent.sock"), TimeSpan.FromMilliseconds(200)));
        Assert.Contains("absent.sock", e.Message);
    }

    private List<string> QemuFdTargets() =>
        new DirectoryInfo($"/proc/{qemu.Process.Pid}/fd").GetFileSystemInfos().Select(f => f.LinkTarget ?? "").ToList();
}
