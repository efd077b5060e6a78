// The .ptm language: protocol specs (`spec NAME`) and model libraries (`model NAME`).
// The parser is generated at build time by antlr4-maven-plugin (visitor, no listener).
// Semantics live in the checker (ptecheck.lang); this file is syntax only. Where a
// construct is syntactically broader than the language (any expression as an
// assignment target, `on cpu`/`at end` as soft keywords), the checker narrows it so
// that errors read as language errors, not parse errors.
grammar Ptm;

file
    : header decl* EOF
    ;

header
    : kind=('spec' | 'model') name=ID ';'?
    ;

decl
    : usesDecl
    | requiresDecl
    | constDecl
    | typeDecl
    | enumDecl
    | recordDecl
    | varDecl
    | lockDecl
    | fnDecl
    | procDecl
    | agentDecl
    | extendDecl
    | observerDecl
    | kernelDecl
    | interruptDecl
    | maxLocksDecl
    | memoryDecl
    | invariantDecl
    | atEndDecl
    | livenessDecl
    | fairDecl
    | expectDecl
    ;

usesDecl      : 'uses' name=ID ';'? ;
// In a model: what the spec (or a model) that uses it must declare. `requires type PAGE`,
// `requires var pt[PAGE]: pte`, `requires fn pte_table(p: PAGE): TABLE`, `requires spinlock ptl[TABLE]`.
requiresDecl  : 'requires' ( 'type' typeName=ID
                           | 'const' constName=ID (':' type)?
                           | freeable='freeable'? 'var' varName=ID dims ':' type
                           | 'fn' fnName=ID '(' params? ')' ':' type
                           | lockKind=('spinlock' | 'rwsem') lockName=ID dims
                           ) ';'? ;
constDecl     : 'const' name=ID (':' type)? '=' expr ';'? ;
typeDecl      : 'type' name=ID '=' type ';'? ;
enumDecl      : 'enum' name=ID '{' ID (',' ID)* ','? '}' ;
recordDecl    : 'record' name=ID '{' (fieldDecl (',' | ';')?)* '}' ;
fieldDecl     : name=ID dims ':' type ;
// `freeable var tables[TABLE][ENTRY]: pte`: each element of the first dimension is a page that
// free_page() can free; touching a freed one is a use-after-free.
varDecl       : (ghost='ghost' 'var'? | freeable='freeable'? 'var') name=ID dims ':' type ('=' init=expr)? ';'? ;
lockDecl      : kind=('spinlock' | 'rwsem') name=ID dims ';'? ;
dims          : ('[' type ']')* ;

fnDecl        : 'fn' name=ID '(' params? ')' ':' type '=' expr ';'? ;
procDecl      : 'proc' name=ID '(' params? ')' (':' type)? block ;
params        : param (',' param)* ;
param         : ref='ref'? name=ID ':' type ;

// `agent mmu(c: CPU) on cpu c { rule ... }`: one instance per parameter value.
agentDecl     : 'agent' name=ID ('(' params ')')? onCpu? '{' ruleDecl* '}' ;
ruleDecl      : 'rule' name=ID ('for' binder (',' binder)*)? ('when' guard=expr)? block ;
binder        : name=ID 'in' type ;
// `extend agent mmu { rule ... }`: more rules for an agent declared elsewhere (a model's), with
// the agent's parameters in scope.
extendDecl    : 'extend' 'agent' name=ID '{' ruleDecl* '}' ;
// `on mmu.user_write { ... }`: statements that run at the end of every firing of that rule, in
// the same step, with the rule's parameters and binders in scope.
observerDecl  : 'on' agentName=ID '.' ruleName=ID block ;
// `kernel mprotect on cpu 0 { ... }`: a sequential process, one step per statement.
kernelDecl    : 'kernel' name=ID ('(' params ')')? onCpu block ;
onCpu         : 'on' cpuKw=ID cpu=expr ;
// `interrupt flush_ipi(c: CPU) on cpu c { ... }`: an IPI handler, one instance per CPU. It runs
// when sent to its CPU while that CPU's interrupts are enabled, suspending the CPU's kernel code.
interruptDecl : 'interrupt' name=ID ('(' params ')')? onCpu block ;
// `max_locks_held 8`: the most locks one CPU may hold at once (the preempt count's width).
maxLocksDecl  : 'max_locks_held' bound=expr ';'? ;
// `memory tso`: the memory model of the spec's kernel code (sc when absent); `memory tso(3)` bounds
// each CPU's store buffer. `memory` is a soft keyword, checked by the AST builder.
memoryDecl    : memKw=ID model=ID ('(' bound=expr ')')? ';'? ;

invariantDecl : 'invariant' name=ID ':' expr ';'? ;
atEndDecl     : 'at' endKw=ID name=ID ':' expr ';'? ;
livenessDecl  : 'liveness' name=ID ':' ( 'eventually' cond=expr
                                        | always='always' 'eventually' cond=expr
                                        | cond=expr 'leads_to' then=expr ) ';'? ;
fairDecl      : strong='strong'? 'fair' fairTarget (',' fairTarget)* ';'? ;
fairTarget    : name=ID ('.' ruleName=ID)? ;
expectDecl    : 'expect' (pass='pass' | 'violation' property=ID) ('when' cond=expr | otherwise='otherwise')? ';'? ;

type
    : 'bool'                              # boolType
    | name=ID                             # namedType
    | lo=expr '..' hi=expr                # rangeType
    | type '?'                            # optionalType
    ;

block : '{' stmt* '}' ;

stmt
    : label=ID ':' stmt                                          # labeledStmt
    | 'var' name=ID (':' type)? ('=' init=expr)? ';'?            # localVarStmt
    | target=expr '=' value=expr ';'?                            # assignStmt
    | expr ';'?                                                  # exprStmt
    | 'if' cond=expr then=block ('else' (elseIf=ifStmt | elseBlock=block))?   # ifStmtAlt
    | 'for' binder block                                         # forStmt
    | 'while' cond=expr block                                    # whileStmt
    | 'atomic' block                                             # atomicStmt
    | 'await' cond=expr ';'?                                     # awaitStmt
    | 'either' block ('or' block)+                               # eitherStmt
    | 'lock' lockRef=expr ';'?                                   # lockStmt
    | 'unlock' lockRef=expr ';'?                                 # unlockStmt
    | 'assert' (name=ID ':')? cond=expr ';'?                     # assertStmt
    | 'return' value=expr? ';'?                                  # returnStmt
    | 'skip' ';'?                                                # skipStmt
    ;

ifStmt : 'if' cond=expr then=block ('else' (elseIf=ifStmt | elseBlock=block))? ;

// Precedence: earlier alternatives bind tighter.
expr
    : primary                                                    # primaryExpr
    | expr '.' field=ID                                          # fieldExpr
    | expr '[' index=expr ']'                                    # indexExpr
    | expr 'with' '{' fieldInit (',' fieldInit)* ','? '}'        # withExpr
    | op=('-' | '!' | 'not') expr                                # unaryExpr
    | expr op=('*' | '/' | '%') expr                             # binaryExpr
    | expr op=('+' | '-') expr                                   # binaryExpr
    | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=') expr       # binaryExpr
    | expr op=('and' | '&&') expr                                # binaryExpr
    | expr op=('or' | '||') expr                                 # binaryExpr
    | <assoc=right> expr op='implies' expr                       # binaryExpr
    | quant=('forall' | 'exists') binder ':' body=expr           # quantExpr
    // `if c then a else b`: a value chosen by c; like a quantifier, the else branch extends as far right as it can.
    | 'if' cond=expr 'then' thenValue=expr 'else' elseValue=expr  # condExpr
    ;

primary
    : INT                                                        # intLit
    | value=('true' | 'false')                                   # boolLit
    | 'none'                                                     # noneLit
    | name=ID '(' (expr (',' expr)*)? ')'                        # callExpr
    | proc=ID ('[' index=expr ']')? '@' label=ID                 # atLabelExpr
    // `after mprotect@flushed`: the process has passed that label (run the statement there) at least once.
    | 'after' proc=ID ('[' index=expr ']')? '@' label=ID         # passedExpr
    | name=ID                                                    # nameExpr
    | '(' expr ')'                                               # parenExpr
    | '{' (fieldInit (',' fieldInit)* ','?)? '}'                 # recordLit
    | '[' expr (',' expr)* ','? ']'                              # arrayLit
    // Not a value: parsed so that the error can say what to write instead (an array literal).
    | '{' expr (',' expr)* ','? '}'                              # bracedList
    ;

fieldInit : name=ID ':' expr ;

ID      : [a-zA-Z_] [a-zA-Z0-9_]* ;
INT     : [0-9]+ ;
LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS      : [ \t\r\n]+ -> skip ;
// Anything else becomes a token the parser rejects, so the error names the character.
ERROR_CHAR : . ;
