/*
 * The .nnet model language: one statement per line, blocks in braces may span lines.
 *
 *   model FashionMlp
 *   input [28, 28]
 *   flatten
 *   dense 128 relu
 *   dense 10 softmax
 *   loss sparse_categorical_crossentropy
 *   optimizer adam(learning_rate = 0.001)
 *   train { batch_size 32  epochs 10 }
 *
 * The grammar only says how a file is built; which names exist (layers, activations, losses, settings) and
 * what values they take is the checker's business, so that a misspelt name gets a "did you mean" instead of a
 * syntax error. No actions; every alternative has a label; the compiler's AstBuilder is the only visitor.
 * The front end appends a final newline when a file lacks one, so every statement ends with NL.
 */
grammar Nnet;

modelFile
    : (statement | NL)* EOF                                             # File
    ;

statement
    : MODEL ident NL                                                    # ModelStatement
    | PACKAGE ident ('.' ident)* NL                                     # PackageStatement
    | PRECISION ident NL                                                # PrecisionStatement
    | INPUT value NL                                                    # InputStatement
    | LOSS call NL                                                      # LossStatement
    | METRICS call (','? call)* NL                                      # MetricsStatement
    | OPTIMIZER call NL                                                 # OptimizerStatement
    | TRAIN '{' (setting | NL)* '}' NL                                  # TrainStatement
    | DATA '{' (dataEntry | NL)* '}' NL                                 # DataStatement
    | IDENT (arg (','? arg)*)? NL                                       # LayerStatement
    ;

// A training setting: `epochs 10`, or a call such as `early_stopping(patience = 3)`.
setting
    : ident value                                                       # ValueSetting
    | ident arguments                                                   # CallSetting
    ;

// UnknownData reads a misspelt entry (`tran csv(...)`) whole, so the checker can suggest the right word.
dataEntry
    : TRAIN source (SCALE value)?                                       # TrainData
    | TEST source (SCALE value)?                                        # TestData
    | TEST SPLIT value                                                  # TestSplitData
    | STANDARDIZE                                                       # StandardizeData
    | IDENT value*                                                      # UnknownData
    ;

// csv("iris.csv", label = "species") or idx("images.gz", "labels.gz")
source
    : IDENT arguments?                                                  # SourceCall
    ;

// A name with optional arguments: relu, leaky_relu(alpha = 0.1), adam(learning_rate = 1e-3).
call
    : ident arguments?                                                  # NamedCall
    ;

arguments
    : '(' NL* (arg (NL* ',' NL* arg)* (NL* ',')?)? NL* ')'              # ArgumentList
    ;

arg
    : ident '=' value                                                   # NamedArg
    | value                                                             # PositionalArg
    ;

value
    : '-'? NUMBER                                                       # NumberValue
    | '-'? NUMBER '/' NUMBER                                            # FractionValue
    | STRING                                                            # StringValue
    | SIZE                                                              # SizeValue
    | '[' NL* value (NL* ',' NL* value)* (NL* ',')? NL* ']'             # ListValue
    | call                                                              # CallValue
    ;

// Keywords are also names where a name is expected (a setting called `test`, a package segment `data`).
ident
    : IDENT                                                             # PlainName
    | (MODEL | PACKAGE | PRECISION | INPUT | LOSS | METRICS | OPTIMIZER
      | TRAIN | DATA | TEST | SPLIT | SCALE | STANDARDIZE)              # KeywordName
    ;

MODEL       : 'model' ;
PACKAGE     : 'package' ;
PRECISION   : 'precision' ;
INPUT       : 'input' ;
LOSS        : 'loss' ;
METRICS     : 'metrics' ;
OPTIMIZER   : 'optimizer' ;
TRAIN       : 'train' ;
DATA        : 'data' ;
TEST        : 'test' ;
SPLIT       : 'split' ;
SCALE       : 'scale' ;
STANDARDIZE : 'standardize' ;

LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
COMMA    : ',' ;
EQUALS   : '=' ;
SLASH    : '/' ;
MINUS    : '-' ;
DOT      : '.' ;

// A window size such as 3x3 (height x width).
SIZE   : DIGIT+ [xX] DIGIT+ ;
// 128, 0.5, .5, 1e-3, 2.5E+4
NUMBER : (DIGIT+ ('.' DIGIT*)? | '.' DIGIT+) EXPONENT? ;
IDENT  : [a-zA-Z_] [a-zA-Z_0-9]* ;
// Escapes: \" and \\ only (checked by the AstBuilder); strings stay on one line.
STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
// A string with no closing quote on its line: a token of its own so the error names it.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;

NL      : '\r'? '\n' | '\r' ;
COMMENT : '#' ~[\r\n]* -> skip ;
WS      : [ \t\f\u000B\uFEFF]+ -> skip ;

fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
