namespace Tapyard.Cli.CommandLine;

/// <summary>
/// A deliberately small getopt: `--opt value`, `--opt=value`, `-o value`, `-ovalue`, flags `--flag`
/// and `-f`, repeated options, options and positionals in any order (as Ganeti's optparse allows),
/// and `--` to end options so a positional may start with a dash. Anything else is a
/// <see cref="UsageException"/> that names the offending token.
/// </summary>
internal static class OptionParser
{
    public static ParsedArguments Parse(IReadOnlyList<string> tokens, IEnumerable<OptionSpec> options)
    {
        var byName = new Dictionary<string, OptionSpec>(StringComparer.Ordinal);
        var byAlias = new Dictionary<char, OptionSpec>();
        foreach (var option in options)
        {
            if (!byName.TryAdd(option.Name, option))
                throw new ArgumentException($"option --{option.Name} is declared twice");
            if (option.Alias is { } alias && !byAlias.TryAdd(alias, option))
                throw new ArgumentException($"option alias -{alias} is declared twice");
        }

        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var positionals = new List<string>();
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (token == "--")
            {
                positionals.AddRange(tokens.Skip(i + 1));
                break;
            }
            if (token.StartsWith("--", StringComparison.Ordinal))
            {
                int equals = token.IndexOf('=');
                string name = equals < 0 ? token[2..] : token[2..equals];
                if (!byName.TryGetValue(name, out var option))
                    throw new UsageException($"unknown option --{name}");
                string? inline = equals < 0 ? null : token[(equals + 1)..];
                Record(option, $"--{name}", inline, tokens, ref i, values);
            }
            else if (token.Length > 1 && token[0] == '-')
            {
                char alias = token[1];
                if (!byAlias.TryGetValue(alias, out var option))
                    throw new UsageException($"unknown option -{alias}");
                // "-ovalue" and "-o=value" carry the value in the same token, as getopt allows.
                string? inline = token.Length == 2 ? null : token[2] == '=' ? token[3..] : token[2..];
                Record(option, $"-{alias}", inline, tokens, ref i, values);
            }
            else
            {
                positionals.Add(token);
            }
        }
        return new ParsedArguments(byName, values, positionals);
    }

    private static void Record(OptionSpec option, string spelled, string? inline, IReadOnlyList<string> tokens, ref int i,
        Dictionary<string, List<string>> values)
    {
        string value;
        if (!option.TakesValue)
        {
            if (inline is not null)
                throw new UsageException($"option {spelled} takes no value, but was given '{inline}'");
            value = "";
        }
        else if (inline is not null)
        {
            value = inline;
        }
        else if (i + 1 < tokens.Count)
        {
            value = tokens[++i];
        }
        else
        {
            throw new UsageException($"option {spelled} needs a value ({option.ValueName})");
        }

        if (values.TryGetValue(option.Name, out var list))
        {
            if (!option.TakesValue)
                return; // a flag given twice means the same as once
            if (!option.Repeatable)
                throw new UsageException($"option --{option.Name} may be given only once");
            list.Add(value);
        }
        else
        {
            values[option.Name] = [value];
        }
    }
}
