" Vim syntax file
" Language:    ptecheck .ptm (specs and models of Linux page-table protocols)
" Keywords:    checked against grammar/src/main/antlr4/ptecheck/grammar/Ptm.g4 by EditorGrammarsTest
if exists("b:current_syntax")
  finish
endif

syn keyword ptmHeader      spec model
syn keyword ptmDeclaration uses requires const type enum record var ghost freeable spinlock rwsem fn proc ref
syn keyword ptmDeclaration agent rule kernel interrupt max_locks_held invariant at expect pass violation otherwise
syn keyword ptmDeclaration extend liveness fair strong
syn keyword ptmControl     if else for in while atomic await either lock unlock assert return skip when on with then
syn keyword ptmOperator    and or not implies forall exists after always eventually leads_to
syn keyword ptmConstant    true false none
syn keyword ptmType        bool
" `on cpu E` and `at end NAME`: cpu and end are keywords only there.
syn match   ptmSoftKeyword "\<on\s\+\zscpu\>"
syn match   ptmSoftKeyword "\<at\s\+\zsend\>"
syn match   ptmNumber      "\<[0-9]\+\>"
syn match   ptmSymbol      "==\|!=\|<=\|>=\|&&\|||\|\.\.\|[-+*/%<>!?=@]"
syn keyword ptmTodo        contained TODO FIXME XXX
syn match   ptmComment     "//.*$" contains=ptmTodo,@Spell
syn region  ptmComment     start="/\*" end="\*/" contains=ptmTodo,@Spell

hi def link ptmHeader      Structure
hi def link ptmDeclaration StorageClass
hi def link ptmControl     Statement
hi def link ptmOperator    Operator
hi def link ptmSymbol      Operator
hi def link ptmConstant    Constant
hi def link ptmType        Type
hi def link ptmSoftKeyword StorageClass
hi def link ptmNumber      Number
hi def link ptmTodo        Todo
hi def link ptmComment     Comment

let b:current_syntax = "ptm"
