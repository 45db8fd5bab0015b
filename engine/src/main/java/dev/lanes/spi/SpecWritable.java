package dev.lanes.spi;

/**
 * A module that can be written back as a {@link ModelSpec} token, e.g. {@code linear(3,10)}: its registry name
 * plus the options that rebuild it (weights excluded).
 */
public interface SpecWritable {

    /** The registry name of the provider that builds this module. */
    String specName();

    /** Options that rebuild an equivalent module; defaults may be left out. */
    Options specOptions();
}
