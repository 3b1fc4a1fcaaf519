package io.driftmonitor.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.apache.kafka.common.utils.ByteUtils;

/**
 * How the strings of an encoded record are written: each in full ({@link #PLAIN}), or, within one
 * batch, in full the first time and as a reference to that first time after ({@link #table()}). The
 * entries of a batch repeat a handful of strings (model, version, predicted labels, segments) in
 * every entry; a table writes them once and hands the reader one instance of each.
 */
interface BatchStrings {
    /** Strings a table remembers; later new ones are written in full every time (a guard on the scan). */
    int CAPACITY = 64;

    void write(DataOutputStream out, String s) throws IOException;

    String read(DataInputStream in) throws IOException;

    BatchStrings PLAIN = new BatchStrings() {
        @Override
        public void write(DataOutputStream out, String s) throws IOException {
            out.writeUTF(s);
        }

        @Override
        public String read(DataInputStream in) throws IOException {
            return in.readUTF();
        }
    };

    /** A fresh table for one batch, to write or to read with (never both). */
    static BatchStrings table() {
        return new Table();
    }

    /** 0 and the string in full, or the string's position in the table plus one. */
    final class Table implements BatchStrings {
        private final String[] strings = new String[CAPACITY];
        private int size;

        @Override
        public void write(DataOutputStream out, String s) throws IOException {
            for (int i = 0; i < size; i++) {
                if (strings[i] == s || strings[i].equals(s)) {
                    ByteUtils.writeVarint(i + 1, out);
                    return;
                }
            }
            ByteUtils.writeVarint(0, out);
            out.writeUTF(s);
            if (size < CAPACITY) {
                strings[size++] = s;
            }
        }

        @Override
        public String read(DataInputStream in) throws IOException {
            int ref = ByteUtils.readVarint(in);
            if (ref == 0) {
                String s = in.readUTF();
                if (size < CAPACITY) {
                    strings[size++] = s;
                }
                return s;
            }
            if (ref < 0 || ref > size) {
                throw new IOException("corrupt string reference " + ref + " (" + size + " strings so far)");
            }
            return strings[ref - 1];
        }
    }
}
