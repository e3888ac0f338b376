using FsCheck;
using FsCheck.Fluent;
namespace Tapyard.Core.Tests.Addressing;
public sealed class FsCheckSmoke { [Fact] public void Reverse_twice() => Prop.ForAll((int[] xs) => xs.Reverse().Reverse().SequenceEqual(xs)).QuickCheckThrowOnFailure(); }
