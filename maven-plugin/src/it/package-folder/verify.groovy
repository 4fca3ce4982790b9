def main = new File(basedir, 'target/generated-sources/nnet')
def test = new File(basedir, 'target/generated-test-sources/nnet')

def tiny = new File(main, 'com/acme/models/Tiny.java')
assert tiny.isFile()
assert tiny.text =~ /(?m)^package com\.acme\.models;$/

def named = new File(main, 'com/acme/named/Named.java')
assert named.isFile()
assert named.text =~ /(?m)^package com\.acme\.named;$/
assert !new File(main, 'misc').exists()

def probe = new File(test, 'probe/Probe.java')
assert probe.isFile()
assert !new File(main, 'probe').exists()

assert new File(basedir, 'target/classes/com/acme/App.class').isFile()
assert new File(basedir, 'target/classes/com/acme/models/Tiny.class').isFile()
assert new File(basedir, 'target/test-classes/probe/Probe.class').isFile()
assert new File(basedir, 'target/test-classes/probe/ProbeUse.class').isFile()
true
