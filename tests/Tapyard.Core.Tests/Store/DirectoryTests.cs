using Tapyard.Core.Store;
using Tapyard.Core.Tests.Support;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Files;

namespace Tapyard.Core.Tests.Store;

public sealed class DirectoryTests
{
    [Fact]
    public void Directory_fsync_runs_on_a_real_directory()
    {
        using var dir = new TempDirectory("fsync");
        DirectorySync.Sync(dir.Path);
    }

    [Fact]
    public void Directory_fsync_of_a_missing_directory_names_it()
    {
        using var dir = new TempDirectory("fsync");
        string missing = dir.File("missing");
        var e = Assert.ThrowsAny<TapyardLinuxException>(() => DirectorySync.Sync(missing));
        Assert.Contains(missing, e.Message);
        Assert.Equal(LinuxErrno.ENOENT, e.Errno);
    }

    [Fact]
    public void Directory_fsync_refuses_a_file()
    {
        using var dir = new TempDirectory("fsync");
        string file = dir.File("plain");
        File.WriteAllText(file, "");
        Assert.Equal(LinuxErrno.ENOTDIR, Assert.ThrowsAny<TapyardLinuxException>(() => DirectorySync.Sync(file)).Errno);
    }

    [Fact]
    public void File_lock_excludes_a_second_holder_until_released()
    {
        using var dir = new TempDirectory("flock");
        string path = dir.File("x.lock");
        using (var first = FileLock.TryAcquire(path, TimeSpan.Zero))
        {
            Assert.NotNull(first);
            Assert.Null(FileLock.TryAcquire(path, TimeSpan.FromMilliseconds(30)));
        }
        using var again = FileLock.TryAcquire(path, TimeSpan.Zero);
        Assert.NotNull(again);
    }

    [Fact]
    public void State_directory_option_beats_the_environment_which_beats_the_default()
    {
        string? saved = Environment.GetEnvironmentVariable(StateDirectory.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(StateDirectory.EnvironmentVariable, null);
            Assert.Equal("/var/lib/tapyard", StateDirectory.Resolve(null));
            Assert.Equal("/var/lib/tapyard", StateDirectory.Resolve(""));
            Environment.SetEnvironmentVariable(StateDirectory.EnvironmentVariable, "/srv/ty");
            Assert.Equal("/srv/ty", StateDirectory.Resolve(null));
            Assert.Equal("/tmp/opt", StateDirectory.Resolve("/tmp/opt"));
            Assert.Equal(Path.Combine(Environment.CurrentDirectory, "rel"), StateDirectory.Resolve("rel"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(StateDirectory.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void Runtime_directory_defaults_to_run_tapyard()
    {
        string? saved = Environment.GetEnvironmentVariable(RuntimeDirectory.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(RuntimeDirectory.EnvironmentVariable, null);
            Assert.Equal("/run/tapyard", RuntimeDirectory.Resolve(null));
            Environment.SetEnvironmentVariable(RuntimeDirectory.EnvironmentVariable, "/tmp/ty-run");
            Assert.Equal("/tmp/ty-run", RuntimeDirectory.Resolve(null));
            Assert.Equal("/x", RuntimeDirectory.Resolve("/x"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(RuntimeDirectory.EnvironmentVariable, saved);
        }
    }
}
