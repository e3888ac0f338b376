namespace Tapyard.Node.Tests;

public sealed class InstanceLocksTests
{
    [Fact]
    public void Lock_files_are_per_node_and_named_after_the_instance_or_a_hash_when_the_name_is_no_plain_file_name()
    {
        var locks = new InstanceLocks("/run/ty", "n1");
        Assert.Equal("/run/ty/instances/n1/web1.example.com.lock", locks.PathOf("web1.example.com"));
        foreach (string odd in new[] { "../etc/passwd", "..", "a/b", "", new string('x', 201) })
        {
            string file = Path.GetFileName(locks.PathOf(odd));
            Assert.Matches("^h-[0-9a-f]{64}\\.lock$", file);
            Assert.Equal("/run/ty/instances/n1", Path.GetDirectoryName(locks.PathOf(odd)));
        }
        Assert.NotEqual(locks.PathOf("a/b"), locks.PathOf("a/c"));
    }

    [Fact]
    public void A_held_lock_makes_a_second_acquire_wait_and_then_fail_with_a_clear_error()
    {
        using var run = new TempDirectory("locks");
        var locks = new InstanceLocks(run.Path, "n1", TimeSpan.FromMilliseconds(200));
        using (locks.Acquire("web1"))
        {
            // flock is per open file description: a second open in this process is a second holder, as another process would be.
            var e = Assert.Throws<Core.Errors.TapyardException>(() => locks.Acquire("web1"));
            Assert.Equal($"instance web1 is being plugged or unplugged by another Tapyard process on node n1 (lock {locks.PathOf("web1")} held for more than 0.2 s); try again when it is done", e.Message);
            using (locks.Acquire("web2")) { }
        }
        using (locks.Acquire("web1")) { }
    }
}
