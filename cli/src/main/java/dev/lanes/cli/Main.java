package dev.lanes.cli;

import dev.lanes.examples.AutogradExample;

/** Entry point of the {@code lanes} program (interim: runs the seed examples). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("example") && args[1].equals("autograd")) {
            AutogradExample.run(System.out, 0);
            return;
        }
        System.err.println("usage: lanes example autograd");
        System.exit(2);
    }
}
