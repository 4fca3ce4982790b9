evaluate(new File(basedir, 'common.groovy'))

assert !generated('Extra.java').exists() : "a deleted model's class is still there"
assert mtime(generated('Tiny.java')) == OLD : 'deleting one model rewrote another'
assert count('nnet: 1 model file in src/main/nnet: 0 compiled, 1 up to date; 0 sources written, 1 deleted') == 1
def state = new File(basedir, 'target/nnet-state/generate.state').text
assert state.contains('demo/Tiny.nnet') && !state.contains('Extra')
true
