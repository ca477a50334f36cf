// SPDX-License-Identifier: Apache-2.0
// interop.go - checks sanctum-audit output with Go's golang.org/x/mod/sumdb/note and tlog.
//
// Usage: go run interop.go DIR
//
// DIR holds what tests/interop/interop.c wrote with sanctum-audit:
//
//	vkey.txt                 sanctum-audit vkey
//	late.ckpt, mid.ckpt      sanctum-audit checkpoint, now and earlier
//	leaf-<i>.bin             sanctum-audit entry <i> --raw, every entry of the late tree
//	prove-<i>-<size>.txt     sanctum-audit prove <i> --size <size>
//	consistency-<m>-<n>.txt  sanctum-audit consistency <m> --size <n>
//
// Every checkpoint must open with the verifier key, the tree rebuilt from
// the raw leaves must have the checkpoints' roots, and every proof must
// verify. Then mutated inputs must fail. Exit status 0 when all holds.
// It never asks Go for the hash of the empty tree: Debian's x/mod 0.7.0
// returns 32 zero bytes there, not SHA-256("") (AUDIT-FORMATS section 1).
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "interop: "+format+"\n", args...)
	os.Exit(1)
}

func read(dir, name string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		fail("%v", err)
	}
	return b
}

// openCheckpoint verifies a C2SP checkpoint note and parses its body.
func openCheckpoint(msg []byte, v note.Verifier) (checkpoint, error) {
	var c checkpoint
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return c, err
	}
	if len(n.Sigs) != 1 || n.Sigs[0].Name != v.Name() || n.Sigs[0].Hash != v.KeyHash() {
		return c, fmt.Errorf("not signed by %s", v.Name())
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		return c, fmt.Errorf("checkpoint has fewer than three lines")
	}
	c.origin = lines[0]
	if c.size, err = strconv.ParseInt(lines[1], 10, 64); err != nil || c.size < 1 ||
		strconv.FormatInt(c.size, 10) != lines[1] {
		return c, fmt.Errorf("bad tree size %q", lines[1])
	}
	if c.root, err = tlog.ParseHash(lines[2]); err != nil {
		return c, fmt.Errorf("bad root hash: %v", err)
	}
	return c, nil
}

func readProof(dir, name string) []tlog.Hash {
	var p []tlog.Hash
	for _, line := range strings.Split(string(read(dir, name)), "\n") {
		if line == "" {
			continue
		}
		h, err := tlog.ParseHash(line)
		if err != nil {
			fail("%s: %v", name, err)
		}
		p = append(p, h)
	}
	return p
}

func main() {
	if len(os.Args) != 2 {
		fail("usage: go run interop.go DIR")
	}
	dir := os.Args[1]

	// 1. The verifier key and both checkpoints (C2SP signed note, tlog-checkpoint).
	vkey := strings.TrimSpace(string(read(dir, "vkey.txt")))
	v, err := note.NewVerifier(vkey)
	if err != nil {
		fail("note.NewVerifier(%q): %v", vkey, err)
	}
	late, err := openCheckpoint(read(dir, "late.ckpt"), v)
	if err != nil {
		fail("late checkpoint: %v", err)
	}
	mid, err := openCheckpoint(read(dir, "mid.ckpt"), v)
	if err != nil {
		fail("mid checkpoint: %v", err)
	}
	if late.origin != v.Name() || mid.origin != v.Name() {
		fail("checkpoint origin %q is not the key name %q", late.origin, v.Name())
	}
	if mid.size >= late.size {
		fail("mid checkpoint (%d) is not older than the late one (%d)", mid.size, late.size)
	}

	// 2. The whole tree, rebuilt from the raw leaves, has both roots.
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			if x < 0 || x >= int64(len(stored)) {
				return nil, fmt.Errorf("no stored hash %d", x)
			}
			out[i] = stored[x]
		}
		return out, nil
	})
	leaves := make([][]byte, late.size)
	for i := int64(0); i < late.size; i++ {
		leaves[i] = read(dir, fmt.Sprintf("leaf-%d.bin", i))
		hs, err := tlog.StoredHashes(i, leaves[i], reader)
		if err != nil {
			fail("StoredHashes(%d): %v", i, err)
		}
		stored = append(stored, hs...)
	}
	for _, c := range []checkpoint{mid, late} {
		th, err := tlog.TreeHash(c.size, reader)
		if err != nil {
			fail("TreeHash(%d): %v", c.size, err)
		}
		if th != c.root {
			fail("tree of %d raw leaves has root %v, checkpoint says %v", c.size, th, c.root)
		}
	}

	// 3. Inclusion proofs against both checkpoints, consistency mid -> late.
	proofs := 0
	for i := int64(0); i < late.size; i++ {
		for _, c := range []checkpoint{mid, late} {
			if i >= c.size {
				continue
			}
			name := fmt.Sprintf("prove-%d-%d.txt", i, c.size)
			p := readProof(dir, name)
			if err := tlog.CheckRecord(p, c.size, c.root, i, tlog.RecordHash(leaves[i])); err != nil {
				fail("CheckRecord %s: %v", name, err)
			}
			proofs++
		}
	}
	cname := fmt.Sprintf("consistency-%d-%d.txt", mid.size, late.size)
	cp := readProof(dir, cname)
	if err := tlog.CheckTree(cp, late.size, late.root, mid.size, mid.root); err != nil {
		fail("CheckTree %s: %v", cname, err)
	}

	// 4. And the same checks refuse altered inputs.
	bad := append([]byte(nil), leaves[1]...)
	bad[len(bad)/2] ^= 1
	p := readProof(dir, fmt.Sprintf("prove-1-%d.txt", late.size))
	if tlog.CheckRecord(p, late.size, late.root, 1, tlog.RecordHash(bad)) == nil {
		fail("an altered leaf verified")
	}
	if tlog.CheckRecord(p, late.size, late.root, 2, tlog.RecordHash(leaves[1])) == nil {
		fail("a proof verified at the wrong index")
	}
	if len(cp) > 0 {
		cp[0][0] ^= 1
		if tlog.CheckTree(cp, late.size, late.root, mid.size, mid.root) == nil {
			fail("an altered consistency proof verified")
		}
	}
	msg := read(dir, "late.ckpt")
	forged := bytes.Replace(msg, []byte(fmt.Sprintf("\n%d\n", late.size)),
		[]byte(fmt.Sprintf("\n%d\n", late.size+1)), 1)
	if _, err := openCheckpoint(forged, v); err == nil {
		fail("a checkpoint with an altered size verified")
	}
	fmt.Printf("interop OK: vkey %s; checkpoints %d and %d; %d leaves rebuilt; "+
		"%d inclusion proofs and 1 consistency proof verified with golang.org/x/mod\n",
		v.Name(), mid.size, late.size, late.size, proofs)
}
