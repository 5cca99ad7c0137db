package goldengen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * goldengen MODE [ARGS]
 *
 *   golden DIR    API body and header goldens, manifest.tsv, SKIPPED.txt into DIR
 *   batches DIR   record batch goldens (.bin + .json) into DIR
 *   errors        Go source of errors_codes.go on standard output
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            usage();
        }
        switch (args[0]) {
            case "golden": {
                needs(args, 2);
                GoldenWriter w = new GoldenWriter(Path.of(args[1]));
                int n = w.writeAll();
                System.err.println("goldengen: " + n + " body goldens in " + args[1] + ", " + w.skipped().size() + " skipped");
                for (String s : w.skipped()) {
                    System.err.println("  skipped " + s);
                }
                break;
            }
            case "batches": {
                needs(args, 2);
                int n = new BatchCases(Path.of(args[1])).writeAll();
                System.err.println("goldengen: " + n + " batch goldens in " + args[1]);
                break;
            }
            case "errors": {
                PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
                out.print(ErrorsDump.goSource());
                out.flush();
                break;
            }
            default:
                usage();
        }
    }

    private static void needs(String[] args, int n) {
        if (args.length != n) {
            usage();
        }
    }

    private static void usage() {
        System.err.println("usage: goldengen golden DIR | batches DIR | errors");
        System.exit(2);
    }
}
