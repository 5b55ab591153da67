package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} as an 80-column terminal shows it: picocli wraps where Java's line BreakIterator
 * allows, which includes after '.', ':', ',' and '/' inside a token, and it keeps each element of
 * a description on lines of its own, so a sentence split over two elements breaks mid-sentence and
 * the command list shows only the first half.
 */
class UsageHelpTest {
    private static final int WIDTH = 80;

    @Test
    void helpAt80ColumnsSplitsNoTokenAndNoSentence() {
        Map<String, String> narrow = render(WIDTH);
        // The same help with room for everything on one line: its tokens are the ones a reader must see whole.
        Map<String, String> wide = render(1000);
        List<String> problems = new ArrayList<>();
        narrow.forEach((command, text) -> {
            Set<String> tokens = Arrays.stream(wide.get(command).split("\\s+")).collect(Collectors.toSet());
            String[] lines = text.split("\\R");
            for (int i = 0; i + 1 < lines.length; i++) {
                String line = lines[i].stripTrailing();
                String next = lines[i + 1].strip();
                if (line.isEmpty() || next.isEmpty()) {
                    continue;
                }
                assertTrue(lines[i].length() <= WIDTH, command + ": line longer than " + WIDTH + ": " + lines[i]);
                String last = line.substring(line.lastIndexOf(' ') + 1);
                String first = next.split(" ")[0];
                String joined = last + first;
                if (tokens.stream().anyMatch(t -> t.contains(joined))) {
                    problems.add(command + ": '" + joined + "' split after '" + last + "'");
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n\n" + narrow);
    }

    /** Each paragraph of a description is whole sentences, so the command list's first paragraph is a whole summary. */
    @Test
    void everyDescriptionParagraphEndsASentence() {
        CommandLine top = StreamcastCommand.commandLine();
        List<CommandLine> all = new ArrayList<>(List.of(top));
        all.addAll(top.getSubcommands().values());
        List<String> problems = new ArrayList<>();
        for (CommandLine cli : all) {
            for (String paragraph : cli.getCommandSpec().usageMessage().description()) {
                if (!paragraph.strip().matches("(?s).*[.)]$")) {
                    problems.add(cli.getCommandName() + ": '" + paragraph + "'");
                }
            }
        }
        assertTrue(problems.isEmpty(), "descriptions ending mid-sentence:\n" + String.join("\n", problems));
        String commands = render(WIDTH).get("streamcast");
        String list = commands.substring(commands.indexOf("Commands:"));
        // Every entry of the command list (a name, then its summary, possibly over several lines) ends its sentence.
        for (String entry : list.split("\\R(?=  \\S)")) {
            if (!entry.startsWith("Commands:")) {
                assertTrue(entry.strip().endsWith("."), "command list entry cut short: " + entry);
            }
        }
    }

    /** {@code streamcast --help} and {@code streamcast <command> --help} for every command, at {@code width} columns. */
    private static Map<String, String> render(int width) {
        CommandLine top = StreamcastCommand.commandLine();
        top.setUsageHelpAutoWidth(false);
        top.setUsageHelpWidth(width);
        Map<String, String> help = new LinkedHashMap<>();
        help.put("streamcast", top.getUsageMessage(CommandLine.Help.Ansi.OFF));
        top.getSubcommands().forEach((name, sub) -> help.put(name, sub.getUsageMessage(CommandLine.Help.Ansi.OFF)));
        return help;
    }
}
