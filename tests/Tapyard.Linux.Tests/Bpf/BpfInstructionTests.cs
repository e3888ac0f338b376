using Tapyard.Linux.Bpf;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Tests.Bpf;

/// <summary>Instruction encodings, byte for byte as struct bpf_insn (linux/bpf.h).</summary>
public sealed class BpfInstructionTests
{
    private static string Hex(BpfInstruction instruction)
    {
        var bytes = new byte[BpfInstruction.Size];
        instruction.WriteTo(bytes);
        return Convert.ToHexString(bytes).ToLowerInvariant();
    }

    [Fact]
    public void Instructions_encode_as_the_kernel_reads_them()
    {
        Assert.Equal("bf16000000000000", Hex(BpfInstruction.MoveRegister(BpfRegister.R6, BpfRegister.R1)));
        Assert.Equal("b702000081000000", Hex(BpfInstruction.MoveImmediate(BpfRegister.R2, 0x81)));
        Assert.Equal("b7000000ffffffff", Hex(BpfInstruction.MoveImmediate(BpfRegister.R0, -1)));
        Assert.Equal("6162140000000000", Hex(BpfInstruction.LoadWord(BpfRegister.R2, BpfRegister.R6, 20)));
        Assert.Equal("57020000ff0f0000", Hex(BpfInstruction.AndImmediate(BpfRegister.R2, 0xfff)));
        Assert.Equal("15020c0000000000", Hex(BpfInstruction.JumpIfEqual(BpfRegister.R2, 0, 12)));
        Assert.Equal("550209000a000000", Hex(BpfInstruction.JumpIfNotEqual(BpfRegister.R2, 10, 9)));
        Assert.Equal("8500000017000000", Hex(BpfInstruction.Call(BpfHelper.Redirect)));
        Assert.Equal("9500000000000000", Hex(BpfInstruction.Exit()));
    }

    [Fact]
    public void In_memory_an_instruction_is_the_kernels_8_bytes()
    {
        var program = VlanPrograms.UntagAndRedirect(10, 7);
        Assert.Equal(BpfInstruction.Size, System.Runtime.CompilerServices.Unsafe.SizeOf<BpfInstruction>());
        var written = new byte[program.Length * BpfInstruction.Size];
        for (int i = 0; i < program.Length; i++)
            program[i].WriteTo(written.AsSpan(i * BpfInstruction.Size));
        Assert.Equal(written, System.Runtime.InteropServices.MemoryMarshal.AsBytes(program.AsSpan()).ToArray());
    }

    [Fact]
    public void An_instruction_reads_back_as_written()
    {
        var instruction = BpfInstruction.LoadWord(BpfRegister.R9, BpfRegister.R6, -8);
        var bytes = new byte[8];
        instruction.WriteTo(bytes);
        var read = BpfInstruction.ReadFrom(bytes);
        Assert.Equal(instruction, read);
        Assert.Equal(BpfRegister.R9, read.Destination);
        Assert.Equal(BpfRegister.R6, read.Source);
        Assert.Equal(-8, read.Offset);
    }

    [Fact]
    public void The_untag_program_is_the_leads_proven_prototype_byte_for_byte()
    {
        // pop_redirect(10, 7) from notes/bpf-prototype.py, which moved real frames on this kernel.
        const string prototype =
            "bf16000000000000" + "6162140000000000" + "15020c0000000000" + "6162180000000000" + "57020000ff0f0000"
            + "550209000a000000" + "bf61000000000000" + "8500000013000000" + "5500040000000000" + "b701000007000000"
            + "b702000000000000" + "8500000017000000" + "9500000000000000" + "b700000002000000" + "9500000000000000"
            + "b7000000ffffffff" + "9500000000000000";
        Assert.Equal(prototype, string.Concat(VlanPrograms.UntagAndRedirect(10, 7).Select(Hex)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sixteen_chars_xx")]
    [InlineData("has-dash")]
    [InlineData("späce")]
    public void A_bad_program_name_is_refused_before_the_kernel_is_asked(string name)
    {
        var e = Assert.Throws<TapyardLinuxException>(() => BpfProgram.LoadSchedCls(name, VlanPrograms.DropTagged()));
        Assert.Equal($"invalid eBPF program name '{name}': use 1 to 15 characters of A-Z, a-z, 0-9, '_' and '.'", e.Message);
    }
}
